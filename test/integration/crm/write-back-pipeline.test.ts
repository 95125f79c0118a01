import { mockPrivateAppPortal } from '../../helpers/private-app-portal-nock';
import nock from 'nock';
import { deliver } from '../../helpers/deliver';
import { contactEvent } from '../../helpers/hubspot-signing';
import { startTestApp, waitFor, type TestApp } from '../../helpers/start-test-app';

const BASE = 'https://api.hubapi.com';
const PORTAL = 62515;
const T0 = Date.now() - 60_000;
// Owned already: the SLA has no one to route it to (routing is tested with the sandbox).
const PROFILE = { hubspot_owner_id: '7001', email: 'dana@acme-software.com', jobtitle: 'VP Marketing', company: 'Acme Software', numemployees: '100-500', industry: 'Software', country: 'United States' };

const change = (propertyName: string, propertyValue: string, at: number, changeSource = 'CRM_UI') =>
  contactEvent({ objectId: 601, subscriptionType: 'contact.propertyChange', propertyName, propertyValue, occurredAt: at, changeSource });

describe('write-back through the whole pipeline (nock as HubSpot)', () => {
  let app: TestApp;
  const unmatched: string[] = [];
  const calls: string[] = [];
  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    // Anything sent to HubSpot that no mock expected (leadloop's own webhook endpoint is on loopback).
    nock.emitter.on('no match', (req: { method?: string; path?: string }) => {
      if (!String(req.path).startsWith('/webhooks/hubspot')) unmatched.push(`${req.method} ${req.path}`);
    });
    mockPrivateAppPortal(BASE, PORTAL);
    app = await startTestApp({ HUBSPOT_ACCESS_TOKEN: 'pat-na1-secret-token', LEADLOOP_CRM_BATCH_WINDOW_MS: '20' });
  });
  afterAll(async () => {
    await app.close();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  const crmRead = (properties: Record<string, string>) =>
    nock(BASE)
      .post('/crm/v3/objects/contacts/batch/read', (b: { inputs: Array<{ id: string }>; properties: string[] }) => {
        calls.push('read');
        // only the properties the rules and the plan need
        return b.inputs.length === 1 && b.properties.includes('jobtitle') && b.properties.includes('lifecyclestage') && !b.properties.includes('hubspotscore');
      })
      .query(true)
      .reply(200, { status: 'COMPLETE', results: [{ id: '601', properties, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', archived: false }] });
  /** Every note leadloop began (recorded before its call) has been written. */
  const notesSettled = () => app.query("select 1 from crm_writes where status != 'done'").length === 0;

  it('a demo request becomes an MQL in HubSpot with one note; its own echo then triggers nothing (a fixed point)', async () => {
    let update: Record<string, string> = {};
    let notes = 0;
    crmRead({ ...PROFILE, lifecyclestage: 'lead' });
    nock(BASE).post('/crm/v3/objects/contacts/batch/update', (b) => ((calls.push('update'), (update = b.inputs[0].properties)), true)).reply(200, { status: 'COMPLETE', results: [] });
    nock(BASE)
      .post('/crm/v3/objects/notes/batch/create', () => (calls.push('notes'), (notes += 1), true))
      .reply(201, (_u, b: { inputs: Array<{ properties: object }> }) => ({ status: 'COMPLETE', results: b.inputs.map((n, i) => ({ id: `n${i}`, properties: n.properties, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', archived: false })) }));

    // which form, and which fields: the Forms API, found by the form's name and the conversion time
    nock(BASE).get('/marketing/v3/forms').query({ limit: 100 }).reply(200, () => (calls.push('forms'), { results: [{ id: 'guid-news', name: 'Newsletter' }, { id: 'guid-demo', name: 'Demo request' }] }));
    nock(BASE)
      .get('/form-integrations/v1/submissions/forms/guid-demo')
      .query({ limit: 50 })
      .reply(200, () => (calls.push('submissions'), { results: [{ conversionId: 'c-1', submittedAt: T0 + 10, pageUrl: 'https://acme.example/demo', values: [{ name: 'email', value: PROFILE.email }, { name: 'team_size', value: '40' }] }] }));
    await deliver(app, [
      contactEvent({ objectId: 601, occurredAt: T0 }),
      change('email', PROFILE.email, T0 + 5),
      change('recent_conversion_event_name', 'Demo request', T0 + 10),
      change('recent_conversion_date', String(T0 + 10), T0 + 10),
    ]);
    await waitFor(() => nock.pendingMocks().length === 0, 10_000, 'read, update and note');
    await waitFor(() => app.query("select 1 from webhook_events where status not in ('done','ignored')").length === 0 && notesSettled(), 5000, 'events applied, note confirmed');
    expect(update).toMatchObject({ lifecyclestage: 'marketingqualifiedlead', leadloop_fit_grade: 'A', leadloop_matrix_cell: 'readyTarget' });
    expect(notes).toBe(1);
    const form = JSON.parse(app.query<{ detail: string }>("select detail from contact_activities where contact_id = '601' and kind = 'form_submitted'")[0]!.detail);
    expect(form).toMatchObject({ formId: 'guid-demo', formName: 'Demo request', pageUrl: 'https://acme.example/demo', fields: { team_size: '40' } });

    // The one note leadloop began is written.
    expect(app.query('select kind, status from crm_writes')).toEqual([{ kind: 'note', status: 'done' }]);

    // HubSpot echoes leadloop's own writes as property changes from an integration
    const echo = Object.entries(update).map(([k, v], i) => change(k, v, Date.now() + i, 'INTEGRATION'));
    await deliver(app, echo);
    // Done when the echo is applied (every echoed value in leadloop's copy of the contact, its events done) and no
    // note leadloop began is left unwritten; or as soon as leadloop calls HubSpot where no mock expects it.
    const echoApplied = () => {
      const events = app.query<{ status: string }>("select status from webhook_events where change_source = 'INTEGRATION'");
      const stored = JSON.parse(app.query<{ properties: string }>("select properties from contacts where contact_id = '601'")[0]!.properties) as Record<string, { value: string }>;
      return events.length === echo.length && events.every((e) => e.status === 'done') && Object.entries(update).every(([k, v]) => stored[k]?.value === v);
    };
    await waitFor(() => (echoApplied() && notesSettled()) || unmatched.length > 0, 5000, 'the echo applied');
    expect(unmatched).toEqual([]);
    // the contact read and the forms lookup run concurrently; the stage is written before its note
    expect([...calls].sort()).toEqual(['forms', 'notes', 'read', 'submissions', 'update']);
    expect(calls.indexOf('update')).toBeLessThan(calls.indexOf('notes'));
    expect(app.query('select kind, status from crm_writes')).toEqual([{ kind: 'note', status: 'done' }]);

    // a person touches the contact without changing what leadloop decided: one read, no write
    const reread = crmRead({ ...PROFILE, ...update, leadloop_score: update.leadloop_score ?? '', lifecyclestage: 'marketingqualifiedlead' });
    await deliver(app, [change('phone', '', Date.now())]);
    // Done when the contact was read and the change applied (the claim completes only after its write-back settled).
    const touchApplied = () => app.query("select 1 from webhook_events where property_name = 'phone' and status = 'done'").length === 1;
    await waitFor(() => (reread.isDone() && touchApplied() && notesSettled()) || unmatched.length > 0, 5000, 'the read and the change applied');
    expect(unmatched).toEqual([]);
    expect(calls).toHaveLength(6);
    expect(calls[5]).toBe('read');
    expect(app.query('select kind, status from crm_writes')).toEqual([{ kind: 'note', status: 'done' }]);
    expect(unmatched).toEqual([]);
    expect(app.logText()).not.toContain('pat-na1-secret-token');
  });
});
