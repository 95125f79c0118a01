import path from 'node:path';
import { loadScoringConfig } from '../../src/config/load-scoring-config';
import type { ScoringRules } from '../../src/domain/scoring-rules';
import type { SandboxOptions } from '../../src/sandbox/start-sandbox';
import { SANDBOX_FORMS } from '../../src/sandbox/seed-portal';
import { waitFor } from '../helpers/start-test-app';
import { startSandboxPair, type SandboxPair } from '../helpers/start-sandbox-pair';
import { waitUntilPairSettled } from '../helpers/wait-until-pair-settled';

// A real portal's lifecycle (custom stages with numeric ids between the defaults) and Sales Hub's Leads object,
// driven only through the sandbox's HubSpot API (issue 13 #5 and #10).
const base = loadScoringConfig(path.resolve(__dirname, '../../config/scoring.json'));
const ENGAGED = '2497212665'; // custom, between lead and MQL
const SAL = '2497212666'; // custom "Sales accepted lead", between SQL and opportunity
const TARGET = { firstname: 'Dana', jobtitle: 'Director of Marketing', company: 'Meridian Software', numemployees: '100-500', industry: 'Software', country: 'United States' };

async function start(sandbox: Partial<SandboxOptions>, lifecycle: Partial<ScoringRules['lifecycle']>): Promise<SandboxPair> {
  const rules = { ...base.rules, lifecycle: { ...base.rules.lifecycle, ...lifecycle } };
  return startSandboxPair(sandbox, {}, { scoring: { rules, hash: 'stages-test', file: 'test' } });
}

describe('e2e: a portal with custom lifecycle stages', () => {
  let pair: SandboxPair;
  beforeAll(async () => {
    pair = await start(
      { customLifecycleStages: [{ id: ENGAGED, label: 'Engaged', after: 'lead' }, { id: SAL, label: 'Sales accepted lead', after: 'salesqualifiedlead' }] },
      { advanceFromStages: [ENGAGED] },
    );
  });
  afterAll(() => pair.close());

  const submit = (email: string) =>
    pair.hubspot('POST', `/submissions/v3/integration/submit/${pair.sandbox.portal.portalId}/${SANDBOX_FORMS.demoRequest.id}`, { fields: Object.entries({ email, ...TARGET }).map(([name, value]) => ({ name, value })) }, false);
  const stageOf = (email: string) => pair.sandbox.portal.contactByEmail(email)?.properties.lifecyclestage;
  const create = (email: string, lifecyclestage: string) => pair.hubspot('POST', '/crm/v3/objects/contacts', { properties: { email, lifecyclestage } });

  it('lists the custom stages in the portal order, and refuses a backward move as HubSpot does', async () => {
    const prop = await pair.hubspot<{ options: Array<{ value: string; displayOrder: number }> }>('GET', '/crm/v3/properties/contacts/lifecyclestage');
    expect(prop.body.options.map((o) => o.value)).toEqual(['subscriber', 'lead', ENGAGED, 'marketingqualifiedlead', 'salesqualifiedlead', SAL, 'opportunity', 'customer', 'evangelist', 'other']);
    const pipelines = await pair.hubspot<{ results: Array<{ id: string; stages: Array<{ id: string }> }> }>('GET', '/crm/v3/pipelines/contacts');
    expect(pipelines.body.results[0]!.stages.map((s) => s.id)).toEqual(prop.body.options.map((o) => o.value));
    const c = await create('order@example.com', SAL);
    await pair.hubspot('PATCH', `/crm/v3/objects/contacts/${(c.body as { id: string }).id}`, { properties: { lifecyclestage: 'marketingqualifiedlead' } });
    expect(stageOf('order@example.com')).toBe(SAL);
  });

  it('moves a target demo request on from a custom stage before MQL the rules name, and from lead past the custom stage', async () => {
    await create('engaged@meridian.example', ENGAGED);
    await submit('engaged@meridian.example');
    await submit('fresh@meridian.example');
    await waitFor(() => stageOf('engaged@meridian.example') === 'marketingqualifiedlead' && stageOf('fresh@meridian.example') === 'marketingqualifiedlead', 8000, 'both MQL');
  });

  it('never moves a contact back or out of a custom stage between SQL and opportunity, and processes its events without error', async () => {
    const c = await create('sal@meridian.example', SAL);
    const id = (c.body as { id: string }).id;
    await submit('sal@meridian.example');
    await pair.hubspot('PATCH', `/crm/v3/objects/contacts/${id}`, { properties: { hs_lead_status: 'CONNECTED' } });
    await waitUntilPairSettled(pair);
    expect(stageOf('sal@meridian.example')).toBe(SAL);
    const events = pair.app.query<{ status: string }>('select status from webhook_events where object_id = ?', id);
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.status === 'done')).toBe(true);
    // leadloop scored it and wrote its score, but no stage and no note.
    expect(pair.sandbox.portal.contactByEmail('sal@meridian.example')!.properties.leadloop_score).toBeDefined();
    expect(pair.app.query('select kind from crm_writes where contact_id = ?', id)).toEqual([]);
  });
});

describe("e2e: a portal working prospects in Sales Hub's Leads object", () => {
  let pair: SandboxPair;
  beforeAll(async () => {
    pair = await start({ leadsObject: true }, { salesAccepted: { ...base.rules.lifecycle.salesAccepted, source: 'auto', leadStages: ['connected-stage-id', 'qualified-stage-id'] } });
    // A portal that works in leads already has some (leadloop checks the portal has any before reading a contact's).
    const other = await pair.hubspot<{ id: string }>('POST', '/crm/v3/objects/contacts', { properties: { email: 'earlier@example.com' } });
    await pair.hubspot('POST', '/crm/v3/objects/leads', { properties: { hs_lead_name: 'Earlier' }, associations: [{ to: { id: other.body.id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 578 }] }] });
  });
  afterAll(() => pair.close());

  it('makes the contact an SQL when its lead is Connected, with hs_lead_status left empty', async () => {
    const { portal } = pair.sandbox;
    await pair.hubspot('POST', `/submissions/v3/integration/submit/${portal.portalId}/${SANDBOX_FORMS.demoRequest.id}`, { fields: Object.entries({ email: 'lee@meridian.example', ...TARGET }).map(([name, value]) => ({ name, value })) }, false);
    const contact = () => portal.contactByEmail('lee@meridian.example')!;
    await waitFor(() => contact()?.properties.lifecyclestage === 'marketingqualifiedlead', 8000, 'MQL');
    const lead = await pair.hubspot<{ id: string }>('POST', '/crm/v3/objects/leads', {
      properties: { hs_lead_name: 'Lee' },
      associations: [{ to: { id: contact().id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 578 }] }],
    });
    expect(lead.status).toBe(201);
    await pair.hubspot('PATCH', `/crm/v3/objects/leads/${lead.body.id}`, { properties: { hs_pipeline_stage: 'connected-stage-id' } });
    // The rep logs the call on the lead: HubSpot records it on the contact too, which is what leadloop hears.
    const call = await pair.hubspot<{ id: string }>('POST', '/crm/v3/objects/calls', {
      properties: { hs_timestamp: new Date(portal.now()).toISOString(), hs_call_body: 'Connected' },
      associations: [{ to: { id: contact().id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 194 }] }],
    });
    await pair.hubspot('PUT', `/crm/v4/objects/calls/${call.body.id}/associations/default/leads/${lead.body.id}`);
    expect(portal.get('leads', lead.body.id).properties.hs_lead_call_count).toBe('1');
    await waitFor(() => contact().properties.lifecyclestage === 'salesqualifiedlead', 8000, 'SQL from the lead');
    expect(contact().properties.hs_lead_status ?? '').toBe('');
    await waitUntilPairSettled(pair);
    const sla = pair.app.query<{ status: string; closed_reason: string }>('select status, closed_reason from sla_items where contact_id = ?', contact().id);
    expect(sla).toEqual([{ status: 'met', closed_reason: 'sales accepted (salesqualifiedlead)' }]);
  });

  it('a portal without the Leads object refuses the leads API', async () => {
    pair.sandbox.portal.leadsObject = false;
    try {
      const r = await pair.hubspot('GET', '/crm/v3/objects/leads');
      expect(r.status).toBe(403);
    } finally {
      pair.sandbox.portal.leadsObject = true;
    }
  });
});
