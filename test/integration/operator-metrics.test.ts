import { mockPrivateAppPortal } from '../helpers/private-app-portal-nock';
import nock from 'nock';
import { slaSchema } from '../../src/config/sla-schema';
import { contactEvent, hubspotV3Headers } from '../helpers/hubspot-signing';
import { scrape, type Scrape } from '../helpers/read-metrics';
import { startTestApp, waitFor, type TestApp } from '../helpers/start-test-app';
import { testClock } from '../helpers/test-clock';
import { TEST_SECRET } from '../helpers/test-config';

/**
 * What an operator reads on /metrics after a known scenario: a real server on loopback, nock as HubSpot, and the
 * counters read from the Prometheus text, each moved by exactly what the scenario did.
 */
const BASE = 'https://api.hubapi.com';
const PORTAL = 62515;
const HOUR = 3_600_000;
const OWNER = '7001';
// Owned already (no routing), a target profile: a demo request makes it an MQL.
const PROFILE = { hubspot_owner_id: OWNER, email: 'dana@acme-software.com', jobtitle: 'VP Marketing', company: 'Acme Software', numemployees: '100-500', industry: 'Software', country: 'United States' };
// A contract whose clock is plain hours, so the scenario reads the same on any date: first touch within 1 h,
// one attempt within a day, no reminder, no escalation.
const SLA = slaSchema.parse({
  monthlyMqlCommitment: 10,
  firstTouch: { deadlineHours: 1, mode: 'calendar' },
  calendar: { timeZone: 'UTC', workingDays: [1, 2, 3, 4, 5, 6, 7], hours: { start: '00:00', end: '23:59' }, holidays: [] },
  attempts: { minimum: 1, withinDays: 1 },
  remindersBeforeDeadlineHours: [],
  routing: { kind: 'defaultOwner', ownerId: OWNER },
});

const READ = 'POST /crm/v3/objects/contacts/batch/read';
const UPDATE = 'POST /crm/v3/objects/contacts/batch/update';
const NOTES = 'POST /crm/v3/objects/notes/batch/create';
const TASKS = 'POST /crm/v3/objects/tasks/batch/create';
const TASK_LINKS = 'GET /crm/v4/objects/contacts/{contactId}/associations/tasks';

type Clock = ReturnType<typeof testClock>;
const apps: TestApp[] = [];
const unmatched: string[] = [];

async function start(): Promise<{ app: TestApp; clock: Clock }> {
  const clock = testClock();
  mockPrivateAppPortal(BASE, PORTAL);
  const app = await startTestApp({ HUBSPOT_ACCESS_TOKEN: 'pat-na1-secret-token', LEADLOOP_CRM_BATCH_WINDOW_MS: '20' }, { sla: SLA, scheduleSlaAudit: false, now: clock.now });
  apps.push(app);
  return { app, clock };
}

/** One signed delivery, signed at the app's clock. */
async function deliver(app: TestApp, clock: Clock, events: Array<Record<string, unknown>>): Promise<void> {
  const body = JSON.stringify(events);
  const res = await fetch(app.webhookUrl, { method: 'POST', body, headers: hubspotV3Headers(TEST_SECRET, app.webhookUrl, body, clock.now()) });
  expect(res.status).toBe(200);
}

const crmContact = (id: string, properties: Record<string, string>) => ({ id, properties, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', archived: false });
const echoCreated = (prefix: string) => (_uri: string, body: { inputs: Array<{ properties: object }> }) => ({ status: 'COMPLETE', results: body.inputs.map((n, i) => ({ ...crmContact(`${prefix}${i}`, {}), properties: n.properties })) });

/** The CRM side of a demo request that makes contact `id` an MQL: its read, the form lookup, one update, one note. */
function demoRequestMocks(id: string, submittedAt: number): void {
  nock(BASE).post('/crm/v3/objects/contacts/batch/read').query(true).reply(200, { status: 'COMPLETE', results: [crmContact(id, { ...PROFILE, lifecyclestage: 'lead' })] });
  nock(BASE).get('/marketing/v3/forms').query({ limit: 100 }).reply(200, { results: [{ id: 'guid-demo', name: 'Demo request' }] });
  nock(BASE)
    .get('/form-integrations/v1/submissions/forms/guid-demo')
    .query({ limit: 50 })
    .reply(200, { results: [{ conversionId: `c-${id}`, submittedAt, pageUrl: 'https://acme.example/demo', values: [{ name: 'email', value: PROFILE.email }] }] });
  nock(BASE).post('/crm/v3/objects/contacts/batch/update').reply(200, { status: 'COMPLETE', results: [] });
  nock(BASE).post('/crm/v3/objects/notes/batch/create').reply(201, echoCreated('n'));
}

function demoRequest(objectId: number, at: number): Array<Record<string, unknown>> {
  const change = (propertyName: string, propertyValue: string, t: number) => contactEvent({ objectId, subscriptionType: 'contact.propertyChange', propertyName, propertyValue, occurredAt: t, changeSource: 'CRM_UI' });
  return [contactEvent({ objectId, occurredAt: at }), change('email', PROFILE.email, at + 5), change('recent_conversion_event_name', 'Demo request', at + 10), change('recent_conversion_date', String(at + 10), at + 10)];
}

const settled = (app: TestApp) => app.query("select 1 from webhook_events where status not in ('done','ignored')").length === 0;

/** Every counter this suite checks, as numbers, so a difference names what moved. */
function counters(s: Scrape) {
  return {
    read2xx: s.value('leadloop_hubspot_requests_total', { endpoint: READ, status: '2xx' }),
    update2xx: s.value('leadloop_hubspot_requests_total', { endpoint: UPDATE, status: '2xx' }),
    update429: s.value('leadloop_hubspot_requests_total', { endpoint: UPDATE, status: '429' }),
    notes2xx: s.value('leadloop_hubspot_requests_total', { endpoint: NOTES, status: '2xx' }),
    notes502: s.value('leadloop_hubspot_requests_total', { endpoint: NOTES, status: '502' }),
    tasks2xx: s.value('leadloop_hubspot_requests_total', { endpoint: TASKS, status: '2xx' }),
    taskLinks2xx: s.value('leadloop_hubspot_requests_total', { endpoint: TASK_LINKS, status: '2xx' }),
    refusals: s.sum('leadloop_hubspot_requests_total') - s.series('leadloop_hubspot_requests_total').reduce((a, l) => a + (l.status === '2xx' ? s.value('leadloop_hubspot_requests_total', l) : 0), 0),
    pauses: s.value('leadloop_hubspot_rate_limit_pauses_total'),
    pauseWaits: s.value('leadloop_hubspot_rate_limit_waits_total', { reason: 'pause' }),
    windowWaits: s.value('leadloop_hubspot_rate_limit_waits_total', { reason: 'window' }),
    contactsUpdated: s.value('leadloop_crm_contacts_updated_total', { source: 'decision' }),
    statusesWritten: s.value('leadloop_crm_contacts_updated_total', { source: 'sla_audit' }),
    notes: s.value('leadloop_crm_notes_written_total'),
    decisions: s.sum('leadloop_decisions_total'),
    mqlsMade: s.value('leadloop_decisions_total', { stage: 'marketingqualifiedlead', changed: 'true' }),
    sqlKept: s.value('leadloop_decisions_total', { stage: 'salesqualifiedlead', changed: 'false' }),
    slaOpened: s.value('leadloop_sla_items_opened_total'),
    overdue: s.value('leadloop_sla_item_transitions_total', { status: 'overdue' }),
    met: s.value('leadloop_sla_item_transitions_total', { status: 'met' }),
    breached: s.value('leadloop_sla_item_transitions_total', { status: 'breached' }),
    taskNotices: s.value('leadloop_sla_notices_total', { channel: 'hubspot-task', outcome: 'sent' }),
    failedNotices: s.sum('leadloop_sla_notices_total', { outcome: 'failed' }),
  };
}
type Counters = ReturnType<typeof counters>;
const delta = (before: Counters, after: Counters) => Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - before[k as keyof Counters]])) as Counters;
const zero = (c: Counters) => Object.fromEntries(Object.keys(c).map((k) => [k, 0])) as Counters;

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  // Anything sent to HubSpot that no mock expected (leadloop's own endpoints are on loopback).
  nock.emitter.on('no match', (req: { method?: string; path?: string }) => {
    if (!/^\/(webhooks\/hubspot|metrics)/.test(String(req.path))) unmatched.push(`${req.method} ${req.path}`);
  });
});
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
  nock.cleanAll();
});
afterAll(() => {
  nock.enableNetConnect();
});

describe('/metrics for an operator', () => {
  it('keeps Node’s stock process metric names, unprefixed', async () => {
    const { app } = await start();
    const s = await scrape(app);
    for (const name of ['process_cpu_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds', 'nodejs_heap_size_used_bytes']) expect(s.series(name).length).toBeGreaterThan(0);
    expect(s.text).not.toMatch(/^leadloop_(process|nodejs)_/m);
  });

  it('a 429 then success, a 502 then success, one MQL made, one note, then sales accepts in time: each counter moves by exactly that', async () => {
    const { app, clock } = await start();
    const before = counters(await scrape(app));
    const t0 = clock.now() - 60_000;
    // HubSpot refuses the update with a 429 and a 0.3 s hint; the retry succeeds. (The update: nothing else is
    // in flight then, so exactly one request is held by the pause.)
    nock(BASE)
      .post('/crm/v3/objects/contacts/batch/update')
      .reply(429, { status: 'error', message: 'You have reached your ten_secondly_rolling limit.', errorType: 'RATE_LIMIT', policyName: 'TEN_SECONDLY_ROLLING' }, { 'Retry-After': '0.3' });
    // The note meets a gateway's 502 once: retried after a backoff, which is no rate-limit wait.
    nock(BASE).post('/crm/v3/objects/notes/batch/create').reply(502, '<html><body>Bad Gateway</body></html>', { 'Content-Type': 'text/html' });
    demoRequestMocks('601', t0 + 10);
    await deliver(app, clock, demoRequest(601, t0));
    await waitFor(async () => nock.pendingMocks().length === 0 && settled(app) && app.query("select 1 from crm_writes where status = 'pending'").length === 0, 10_000, 'read, update and note');
    const mql = await scrape(app);
    expect(delta(before, counters(mql))).toEqual({
      ...zero(before),
      read2xx: 1,
      update429: 1,
      update2xx: 1,
      notes502: 1,
      notes2xx: 1,
      refusals: 2,
      pauses: 1,
      pauseWaits: 1,
      contactsUpdated: 1,
      notes: 1,
      decisions: 1,
      mqlsMade: 1,
      slaOpened: 1,
    });
    // The wait is the hint, less the moment between the 429 and the next turn.
    const waited = mql.value('leadloop_hubspot_rate_limit_wait_seconds_total', { reason: 'pause' });
    expect(waited).toBeGreaterThan(0.2);
    expect(waited).toBeLessThanOrEqual(0.31);
    // Endpoints are templates: no contact id, form guid or property name in any label.
    const endpoints = mql.series('leadloop_hubspot_requests_total').map((l) => l.endpoint!);
    expect(endpoints).toContain('GET /form-integrations/v1/submissions/forms/{formGuid}');
    for (const e of endpoints) expect(e).not.toMatch(/601|guid-demo|leadloop(?!\})/);

    // Sales takes the lead within the hour: the SLA is met, the decision keeps SQL (not made by leadloop).
    nock(BASE)
      .post('/crm/v3/objects/contacts/batch/read')
      .query(true)
      .reply(200, { status: 'COMPLETE', results: [crmContact('601', { ...PROFILE, lifecyclestage: 'salesqualifiedlead' })] });
    nock(BASE).post('/crm/v3/objects/contacts/batch/update').reply(200, { status: 'COMPLETE', results: [] });
    await deliver(app, clock, [contactEvent({ objectId: 601, subscriptionType: 'contact.propertyChange', propertyName: 'lifecyclestage', propertyValue: 'salesqualifiedlead', occurredAt: clock.now(), changeSource: 'CRM_UI' })]);
    await waitFor(async () => nock.pendingMocks().length === 0 && settled(app) && app.query("select 1 from sla_items where status = 'met'").length === 1, 10_000, 'the acceptance');
    expect(delta(counters(mql), counters(await scrape(app)))).toEqual({ ...zero(before), read2xx: 1, update2xx: 1, contactsUpdated: 1, decisions: 1, sqlKept: 1, met: 1 });
    expect(unmatched).toEqual([]);
  });

  it('the SLA audit: a first-touch breach noticed by task (overdue), then the attempts breach (breached)', async () => {
    const { app, clock } = await start();
    const t0 = clock.now() - 60_000;
    demoRequestMocks('602', t0 + 10);
    await deliver(app, clock, demoRequest(602, t0));
    await waitFor(async () => nock.pendingMocks().length === 0 && settled(app) && app.query("select 1 from crm_writes where status = 'pending'").length === 0, 10_000, 'the MQL written');
    const [item] = app.query<{ opened_at: number; status: string }>("select opened_at, status from sla_items where contact_id = '602'");
    expect(item!.status).toBe('open');
    const taskMocks = () => {
      nock(BASE).get('/crm/v4/objects/contacts/602/associations/tasks').query(true).reply(200, { results: [] });
      nock(BASE).post('/crm/v3/objects/tasks/batch/create').reply(201, echoCreated('t'));
      nock(BASE).post('/crm/v3/objects/contacts/batch/update').reply(200, { status: 'COMPLETE', results: [] });
    };

    const before = counters(await scrape(app));
    taskMocks();
    const first = await app.slaAudit.run(Number(item!.opened_at) + 2 * HOUR);
    expect(first.lines.map((l) => `${l.notice} ${l.outcome}`)).toEqual(['first-touch-breach sent']);
    const afterFirst = counters(await scrape(app));
    expect(delta(before, afterFirst)).toEqual({ ...zero(before), taskLinks2xx: 1, tasks2xx: 1, update2xx: 1, statusesWritten: 1, overdue: 1, taskNotices: 1 });

    taskMocks();
    const second = await app.slaAudit.run(Number(item!.opened_at) + 2 * 24 * HOUR);
    expect(second.lines.map((l) => `${l.notice} ${l.outcome}`)).toEqual(['attempts-breach sent']);
    expect(delta(afterFirst, counters(await scrape(app)))).toEqual({ ...zero(before), taskLinks2xx: 1, tasks2xx: 1, update2xx: 1, statusesWritten: 1, breached: 1, taskNotices: 1 });
    expect(nock.pendingMocks()).toEqual([]);
    expect(unmatched).toEqual([]);
  });
});
