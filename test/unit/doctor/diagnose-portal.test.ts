import type { PortalProperty } from '../../../src/crm/portal-inspection-port';
import { closestNames } from '../../../src/doctor/closest-names';
import { diagnosePortal, type DoctorInput } from '../../../src/doctor/diagnose-portal';
import type { Finding } from '../../../src/doctor/finding';
import type { PortalFacts } from '../../../src/doctor/portal-facts';
import { buildWebhooksManifest } from '../../../src/manifest/build-webhooks-manifest';
import { testRules } from '../../helpers/test-rules';

// A hand-written portal: real contact property names and types (facts §11), leadloop's properties created.
const prop = (name: string, type = 'string', values: string[] = [], extra: Partial<PortalProperty> = {}): PortalProperty => ({
  name, label: name, type, fieldType: type === 'enumeration' ? 'select' : 'text', options: values.map((v) => ({ label: v, value: v, hidden: false })), readOnlyValue: false, ...extra,
});
const STAGES = ['subscriber', 'lead', 'marketingqualifiedlead', 'salesqualifiedlead', 'opportunity', 'customer', 'evangelist', 'other'];
const STATUSES = ['NEW', 'OPEN', 'IN_PROGRESS', 'OPEN_DEAL', 'UNQUALIFIED', 'ATTEMPTED_TO_CONTACT', 'CONNECTED', 'BAD_TIMING'];
const catalog = (): PortalProperty[] => [
  prop('email'), prop('firstname'), prop('jobtitle'), prop('country'), prop('company'), prop('industry'), prop('phone', 'phone_number'),
  prop('numemployees', 'enumeration', ['1-5', '5-25', '25-50', '50-100', '100-500', '500-1000', '1000+']),
  prop('hs_feedback_last_nps_rating', 'enumeration', ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10']),
  prop('lifecyclestage', 'enumeration', STAGES), prop('hs_lead_status', 'enumeration', STATUSES), prop('hubspot_owner_id', 'enumeration'),
  prop('hubspot_owner_assigneddate', 'datetime'), prop('notes_last_contacted', 'datetime'), prop('num_contacted_notes', 'number'),
  prop('hs_last_sales_activity_date', 'datetime'), prop('hs_sales_email_last_replied', 'datetime'), prop('hs_is_unworked', 'bool'),
  prop('recent_conversion_date', 'datetime'), prop('recent_conversion_event_name'), prop('num_conversion_events', 'number'),
  prop('hs_analytics_num_page_views', 'number'), prop('hs_analytics_last_url'), prop('hs_email_open', 'number'), prop('hs_email_click', 'number'),
  prop('leadloop_score', 'number'), prop('leadloop_fit_grade', 'enumeration', ['A', 'B', 'C', 'D']), prop('leadloop_engagement_score', 'number'),
  prop('leadloop_matrix_cell', 'enumeration', ['readyTarget', 'readyNotTarget', 'notReadyTarget', 'notReadyNotTarget']), prop('leadloop_last_decision'),
  prop('leadloop_sla_due', 'datetime'), prop('leadloop_sla_status', 'enumeration', ['open', 'overdue', 'met', 'breached', 'closed']), prop('leadloop_nurture_track'),
];

const rules = testRules({
  fit: {
    rules: [
      { id: 'title', description: 'Decision-maker', property: 'jobtitle', match: { kind: 'matches', pattern: 'vp', flags: 'i' }, points: 30 },
      { id: 'size', description: 'Mid-size', property: 'numemployees', match: { kind: 'oneOf', values: ['100-500', '500-1000'] }, points: 20 },
      { id: 'country', description: 'Canada', property: 'country', match: { kind: 'equals', value: 'Canada' }, points: 5 },
    ],
    grades: { A: 50, B: 30, C: 10 },
    targetGrades: ['A', 'B'],
  },
  engagement: {
    halfLifeDays: 10,
    rules: [
      { id: 'demo', description: 'Demo', event: { kind: 'form_submitted', form: { name: 'Demo request' } }, points: 40 },
      { id: 'ebook', description: 'Ebook', event: { kind: 'form_submitted', form: { id: 'form-ebook' } }, points: 5 },
    ],
    groupCaps: {},
  },
  readyToBuy: { signals: [{ id: 'sig-demo', description: 'Demo', event: { kind: 'form_submitted', form: { name: 'Demo request' } }, withinDays: 30 }] },
  lifecycle: {
    salesAccepted: { property: 'hs_lead_status', values: ['CONNECTED', 'IN_PROGRESS'] },
    disqualified: { property: 'hs_lead_status', values: ['UNQUALIFIED'] },
    promoter: { property: 'hs_feedback_last_nps_rating', min: 9 },
  },
});

const cleanFacts = (): PortalFacts => ({
  portalId: 4242,
  scopes: { available: true, value: { kind: 'private-app', scopes: ['crm.objects.contacts.read', 'crm.objects.contacts.write', 'crm.objects.owners.read', 'crm.schemas.contacts.write', 'crm.objects.deals.read', 'forms'] } },
  properties: { available: true, value: catalog() },
  forms: { available: true, value: [{ id: 'form-demo', name: 'Demo request' }, { id: 'form-ebook', name: 'Ebook' }, { id: 'form-sales', name: 'Contact sales' }] },
  submissions: { 'form-demo': { available: true, value: { count: 12, complete: true } }, 'form-ebook': { available: true, value: { count: 3, complete: true } } },
  pipelines: {
    available: true,
    value: [
      { id: 'default', label: 'Sales Pipeline', stages: [{ id: 'appointmentscheduled', label: 'Appointment scheduled', isClosed: false, probability: 0.2 }, { id: 'closedwon', label: 'Closed won', isClosed: true, probability: 1 }, { id: 'closedlost', label: 'Closed lost', isClosed: true, probability: 0 }] },
      { id: '75309841', label: 'Renewals', stages: [{ id: '139866321', label: 'Renewed', isClosed: true, probability: 1 }, { id: '139866322', label: 'Churned', isClosed: true, probability: 0 }] },
    ],
  },
  owners: { available: true, value: [{ id: '64492917', email: 'maria@example.com', archived: false }, { id: '70110001', email: 'sam@example.com', archived: false }] },
  leads: { available: false, reason: '404: read leads: not found' },
  contactCount: { available: true, value: 1234 },
});

const input = (facts: PortalFacts, over: Partial<DoctorInput> = {}): DoctorInput => ({
  facts, rules, sla: { escalation: { afterHours: 8, managerOwnerId: '64492917' } }, manifest: buildWebhooksManifest(rules), rateLimit: { max: 110, windowMs: 10_000 }, ...over,
});
const notOk = (findings: Finding[]) => findings.filter((f) => f.status !== 'ok');
const withProps = (edit: (props: PortalProperty[]) => PortalProperty[]): PortalFacts => ({ ...cleanFacts(), properties: { available: true, value: edit(catalog()) } });

describe('leadloop doctor: the diagnosis', () => {
  it('passes a clean portal, with a line for each area and the backfill cost worked out by hand', () => {
    const r = diagnosePortal(input(cleanFacts()));
    expect(notOk(r.findings)).toEqual([]);
    expect(r).toMatchObject({ portalId: 4242, ok: true });
    expect(new Set(r.findings.map((f) => f.area))).toEqual(new Set(['scopes', 'webhooks', 'properties', 'forms', 'lifecycle', 'lead-status', 'deals', 'owners', 'leads', 'backfill']));
    const messages = r.findings.map((f) => f.message);
    expect(messages).toContain('private-app token has all 6 scopes leadloop needs');
    expect(messages).toContain('form "Demo request" found (demo, sig-demo): 12 submissions in the last 30 days');
    expect(messages).toContain('pipeline "Renewals" (75309841): won at "Renewed" (139866321)');
    // 1234 contacts: 7 search pages (200), 13 updates (100), up to 13 note batches = 33 calls;
    // 7 pages at 5/s = 1.4 s, 26 batch calls fit one 10 s window → 11.4 s → 12 s.
    expect(messages).toContain('a backfill would touch 1234 contacts: 7 search pages, 13 batch updates, up to 13 note batches (33 calls), about 12 s at 110 requests per 10 s');
  });

  it('blocks on a scope the token lacks, naming it and where to add it; a private app needs no `oauth` scope', () => {
    const facts = { ...cleanFacts(), scopes: { available: true as const, value: { kind: 'private-app' as const, scopes: ['crm.objects.contacts.read', 'crm.objects.contacts.write', 'crm.objects.owners.read', 'crm.schemas.contacts.write', 'crm.objects.deals.read'] } } };
    const r = diagnosePortal(input(facts));
    expect(r.ok).toBe(false);
    expect(notOk(r.findings)).toEqual([
      { area: 'scopes', status: 'block', message: 'scope forms is not granted to the private-app token', fix: 'in HubSpot, Settings → Integrations → Private apps → leadloop → Scopes: add forms; then use the new token' },
    ]);
  });

  it('an OAuth install must hold every scope, `oauth` included', () => {
    const facts = { ...cleanFacts(), scopes: { available: true as const, value: { kind: 'oauth' as const, scopes: ['crm.objects.contacts.read', 'crm.objects.contacts.write', 'crm.objects.owners.read', 'crm.schemas.contacts.write', 'crm.objects.deals.read', 'forms'] } } };
    expect(notOk(diagnosePortal(input(facts)).findings).map((f) => f.message)).toEqual(['scope oauth is not granted to the oauth token']);
  });

  it('blocks on a property a rule reads that the portal does not have, and warns on one only read', () => {
    const r = diagnosePortal(input(withProps((ps) => ps.filter((p) => p.name !== 'numemployees' && p.name !== 'hs_email_click'))));
    expect(notOk(r.findings)).toEqual([
      { area: 'properties', status: 'block', message: 'numemployees does not exist in this portal (fit rule size)', fix: 'create numemployees in HubSpot, or change fit rule size to use a property this portal has' },
      { area: 'properties', status: 'warn', message: 'hs_email_click does not exist in this portal (engagement rules read it)', fix: 'nothing breaks, but leadloop will not see hs_email_click (engagement rules read it); create it only if your portal should have it' },
    ]);
  });

  it('warns on enumeration values a rule names that are not options, and on a range over text', () => {
    const r = diagnosePortal(input(cleanFacts(), {
      rules: { ...rules, fit: { ...rules.fit, rules: [
        { id: 'size', description: 'Big', property: 'numemployees', match: { kind: 'oneOf', values: ['1000+', '5000+'] }, points: 20 },
        { id: 'revenue', description: 'Revenue', property: 'industry', match: { kind: 'range', min: 5 }, points: 5 },
      ] } },
    }));
    expect(notOk(r.findings).filter((f) => f.area === 'properties')).toEqual([
      { area: 'properties', status: 'warn', message: 'numemployees has no option "5000+", which fit rule size names: that part of the rule never matches', fix: 'use the portal\'s values (1-5, 5-25, 25-50, 50-100, 100-500, 500-1000, 1000+) in fit rule size, or add the option(s) in HubSpot' },
      { area: 'properties', status: 'warn', message: 'industry is string/text but fit rule revenue needs number: the rule never matches', fix: 'change fit rule revenue to a property of that type, or match industry\'s values instead' },
    ]);
  });

  it('blocks when a property leadloop writes has the wrong type or is read-only', () => {
    const r = diagnosePortal(input(withProps((ps) => ps.map((p) => (p.name === 'leadloop_score' ? prop('leadloop_score', 'string') : p.name === 'leadloop_nurture_track' ? { ...p, readOnlyValue: true } : p)))));
    expect(notOk(r.findings).map((f) => [f.status, f.message])).toEqual([
      ['block', 'leadloop_nurture_track is read-only to apps, and matrix.readyNotTarget sets it'],
      ['block', 'leadloop_nurture_track is read-only to apps, and matrix.notReadyTarget sets it'],
      ['block', 'leadloop_score is string/text but leadloop writes it needs number'],
      ['block', 'leadloop_nurture_track is read-only to apps, and leadloop writes it'],
    ]);
  });

  it('blocks on a renamed form and suggests the closest names; an id-only selector says the id is gone', () => {
    const facts: PortalFacts = { ...cleanFacts(), forms: { available: true, value: [{ id: 'form-demo', name: 'Request a demo' }, { id: 'form-sales', name: 'Contact sales' }, { id: 'form-news', name: 'Newsletter sign-up' }] }, submissions: {} };
    const r = diagnosePortal(input(facts));
    expect(notOk(r.findings)).toEqual([
      { area: 'forms', status: 'block', message: 'form "Demo request" (demo, sig-demo) is not among the portal\'s 3 forms; closest: "Request a demo"', fix: 'put the form\'s current name in config/scoring.json (demo, sig-demo), or better its id, which survives a rename' },
      { area: 'forms', status: 'block', message: 'form id form-ebook (ebook) is not among the portal\'s 3 forms; no form has a similar name', fix: 'put the form\'s current name and id in config/scoring.json (ebook), or better its id, which survives a rename' },
    ]);
  });

  it('warns on a form nobody submitted in 30 days', () => {
    const facts = { ...cleanFacts(), submissions: { ...cleanFacts().submissions, 'form-ebook': { available: true as const, value: { count: 0, complete: true } } } };
    expect(notOk(diagnosePortal(input(facts)).findings)).toEqual([
      { area: 'forms', status: 'warn', message: 'form "Ebook" found (ebook) but had no submission in the last 30 days', fix: 'check that this is the form your site uses; if another form takes these requests, name that one in the rules' },
    ]);
  });

  it('reports the stage order with a custom stage, and custom lead statuses the rules do not classify', () => {
    const stages = ['subscriber', 'lead', '2497212665', 'marketingqualifiedlead', 'salesqualifiedlead', 'opportunity', 'customer', 'evangelist', 'other'];
    const r = diagnosePortal(input(withProps((ps) => ps.map((p) => {
      if (p.name === 'lifecyclestage') return { ...prop('lifecyclestage', 'enumeration', stages), options: stages.map((v) => ({ label: v === '2497212665' ? 'Trial' : v, value: v, hidden: false })) };
      if (p.name === 'hs_lead_status') return prop('hs_lead_status', 'enumeration', [...STATUSES, 'PROSPECT']);
      return p;
    }))));
    const lines = r.findings.filter((f) => f.area === 'lifecycle' || f.area === 'lead-status');
    expect(lines).toEqual([
      { area: 'lifecycle', status: 'ok', message: 'stages in the portal\'s order: subscriber → lead → Trial (2497212665) → marketingqualifiedlead → salesqualifiedlead → opportunity → customer → evangelist → other', fix: null },
      { area: 'lifecycle', status: 'warn', message: 'custom stage Trial (2497212665) between lead and marketingqualifiedlead: leadloop never moves a contact into it or out of it', fix: 'nothing to do if people move contacts through it; if it replaces a default stage, map it in the rules before going live' },
      { area: 'lead-status', status: 'ok', message: 'lead statuses: NEW, OPEN, IN_PROGRESS, OPEN_DEAL, UNQUALIFIED, ATTEMPTED_TO_CONTACT, CONNECTED, BAD_TIMING, PROSPECT (custom: PROSPECT)', fix: null },
      { area: 'lead-status', status: 'warn', message: 'custom lead status PROSPECT means neither "sales accepted" nor "disqualified" to leadloop', fix: 'if it means either, add "PROSPECT" to lifecycle.salesAccepted.values or lifecycle.disqualified.values in config/scoring.json' },
    ]);
    expect(r.ok).toBe(true);
  });

  it('blocks when a stage leadloop moves contacts to was removed, and warns when default stages are reordered', () => {
    const stages = ['subscriber', 'marketingqualifiedlead', 'lead', 'salesqualifiedlead', 'opportunity', 'customer', 'other'];
    const r = diagnosePortal(input(withProps((ps) => ps.map((p) => (p.name === 'lifecyclestage' ? prop('lifecyclestage', 'enumeration', stages) : p)))));
    expect(notOk(r.findings).map((f) => [f.status, f.message])).toEqual([
      ['warn', 'the portal orders the default stages subscriber → marketingqualifiedlead → lead → salesqualifiedlead → opportunity → customer, not as leadloop moves them forward (subscriber → lead → marketingqualifiedlead → salesqualifiedlead → opportunity → customer)'],
      ['block', 'stage evangelist is not among the portal\'s stages: HubSpot refuses leadloop\'s move to it'],
    ]);
  });

  it('warns when the pipelines cannot be read or a pipeline has no won stage', () => {
    const missing = diagnosePortal(input({ ...cleanFacts(), pipelines: { available: false, reason: '404: list deal pipelines: not found' } }));
    expect(notOk(missing.findings)).toEqual([{ area: 'deals', status: 'warn', message: 'could not read the deal pipelines (404: list deal pipelines: not found)', fix: 'grant crm.objects.deals.read; without the pipelines only the default pipeline\'s closedwon stage is known to be won' }]);
    const noWon = diagnosePortal(input({ ...cleanFacts(), pipelines: { available: true, value: [{ id: '9', label: 'Partners', stages: [{ id: '1', label: 'Signed', isClosed: true, probability: 0.9 }] }] } }));
    expect(notOk(noWon.findings).map((f) => f.message)).toEqual(['pipeline "Partners" (9) has no stage closed with probability 1.0: no deal in it makes a customer']);
  });

  it('blocks with no owner to route to; warns on an owner without email and an escalation owner not in the portal', () => {
    const none = diagnosePortal(input({ ...cleanFacts(), owners: { available: true, value: [{ id: '1', email: '', archived: false }, { id: '2', email: 'gone@example.com', archived: true }] } }));
    expect(notOk(none.findings).map((f) => [f.status, f.message])).toEqual([
      ['block', 'no active owner with an email: leadloop has nobody to route MQLs to'],
      ['warn', 'owners 1 have no email: routing skips them'],
      ['warn', 'the SLA escalates to owner 64492917, who is not an active owner with an email here'],
    ]);
  });

  it('warns when the portal works prospects as Lead records', () => {
    expect(notOk(diagnosePortal(input({ ...cleanFacts(), leads: { available: true, value: true } })).findings).map((f) => f.area)).toEqual(['leads']);
  });

  it('blocks on a manifest that lacks a subscription the rules need, and on no manifest at all', () => {
    const manifest = buildWebhooksManifest(rules);
    const stale = { ...manifest, subscriptions: { ...manifest.subscriptions, legacyCrmObjects: manifest.subscriptions.legacyCrmObjects.filter((s) => s.propertyName !== 'hs_lead_status') } };
    expect(notOk(diagnosePortal(input(cleanFacts(), { manifest: stale })).findings)).toEqual([
      { area: 'webhooks', status: 'block', message: 'the manifest lacks the subscription contact.propertyChange hs_lead_status, which the rules or the SLA read', fix: 'run `leadloop manifest` and upload the project again; leadloop hears nothing of this change until then' },
    ]);
    expect(notOk(diagnosePortal(input(cleanFacts(), { manifest: null })).findings).map((f) => [f.status, f.message])).toEqual([['block', 'webhooks/webhooks.json is missing']]);
  });

  it('a read that failed is reported, not thrown', () => {
    const facts = { ...cleanFacts(), properties: { available: false as const, reason: 'list contact properties: HubSpot refused the token (403)' } };
    const r = diagnosePortal(input(facts));
    expect(r.ok).toBe(false);
    expect(r.findings.find((f) => f.area === 'properties')).toEqual({ area: 'properties', status: 'block', message: 'could not read the contact properties (list contact properties: HubSpot refused the token (403))', fix: 'grant crm.schemas.contacts.read (or crm.schemas.contacts.write) and run the doctor again' });
  });
});

describe('closestNames', () => {
  it('finds a reordered name as close as a typo, closest first, and nothing far away', () => {
    expect(closestNames('Demo request', ['Request a demo', 'Contact sales', 'Demo requests', 'Newsletter sign-up'])).toEqual(['Demo requests', 'Request a demo']);
    expect(closestNames('Demo request', ['Newsletter sign-up', 'Contact sales'])).toEqual([]);
  });
});
