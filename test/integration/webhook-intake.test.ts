import { contactEvent, hubspotV3Headers } from '../helpers/hubspot-signing';
import { startTestApp, waitFor, type TestApp } from '../helpers/start-test-app';
import { TEST_SECRET } from '../helpers/test-config';

async function post(url: string, body: string, headers: Record<string, string>) {
  const res = await fetch(url, { method: 'POST', body, headers });
  const text = await res.text();
  let json: { error?: { code: string; message: string; details?: Array<{ field: string; reason: string }> } } & Record<string, unknown> = {};
  try {
    json = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, json, text };
}

const countEvents = (app: TestApp) => app.query<{ n: number }>('select count(*) n from webhook_events')[0]!.n;
const metricsText = async (app: TestApp) => (await fetch(`${app.url}/metrics`, { headers: { Authorization: `Bearer ${app.adminToken}` } })).text();
/** The value of an unlabelled counter in Prometheus' text format (NaN when absent). */
const metricValue = (text: string, name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);

describe('POST /webhooks/hubspot', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await startTestApp();
  });
  afterEach(async () => {
    await app.close();
  });

  it('stores a signed delivery, answers 200, and the worker records each contact\'s events', async () => {
    const events = [contactEvent({ objectId: 1 }), contactEvent({ objectId: 2, subscriptionType: 'contact.propertyChange', propertyName: 'email', propertyValue: 'a@example.com' })];
    const body = JSON.stringify(events);
    const res = await post(app.webhookUrl, body, hubspotV3Headers(TEST_SECRET, app.webhookUrl, body));
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ received: 2, stored: 2, duplicates: 0 });
    await waitFor(() => app.query('select * from contact_events').length === 2, 5000, 'events processed');
    const rows = app.query<{ contact_id: string; subscription_type: string }>('select contact_id, subscription_type from contact_events order by contact_id');
    expect(rows).toEqual([
      { contact_id: '1', subscription_type: 'contact.creation' },
      { contact_id: '2', subscription_type: 'contact.propertyChange' },
    ]);
    // The event is marked done just after its contact's events are recorded: waited for, not assumed.
    const stored = () => app.query<{ property_value: string; status: string }>("select property_value, status from webhook_events where object_id = '2'");
    await waitFor(() => stored()[0]?.status === 'done', 5000, 'event 2 done');
    expect(stored()).toEqual([{ property_value: 'a@example.com', status: 'done' }]);
  });

  it('acknowledges a redelivered batch without storing or processing it again', async () => {
    const body = JSON.stringify([contactEvent({ objectId: 5 }), contactEvent({ objectId: 6 })]);
    expect((await post(app.webhookUrl, body, hubspotV3Headers(TEST_SECRET, app.webhookUrl, body))).status).toBe(200);
    await waitFor(() => app.query('select * from contact_events').length === 2);
    // HubSpot's retry: same events, attemptNumber bumped, fresh signature.
    const retry = JSON.stringify((JSON.parse(body) as Array<Record<string, unknown>>).map((e) => ({ ...e, attemptNumber: 1 })));
    const res = await post(app.webhookUrl, retry, hubspotV3Headers(TEST_SECRET, app.webhookUrl, retry));
    expect(res.json).toMatchObject({ received: 2, stored: 0, duplicates: 2 });
    // A fresh event after the retry: once the worker has applied it, it has claimed anything the retry queued
    // (claims go oldest first), so the count of applied events below is final.
    const next = JSON.stringify([contactEvent({ objectId: 7 })]);
    expect((await post(app.webhookUrl, next, hubspotV3Headers(TEST_SECRET, app.webhookUrl, next))).json).toMatchObject({ stored: 1 });
    await waitFor(() => app.query("select 1 from webhook_events where object_id = '7' and status = 'done'").length === 1, 5000, 'the later event applied');
    await waitFor(async () => metricValue(await metricsText(app), 'leadloop_events_processed_total') >= 3, 5000, 'the processed count to include it');
    const metrics = await metricsText(app);
    // Each event applied once: the two first deliveries and the later one, never the redelivered pair.
    expect(metricValue(metrics, 'leadloop_events_processed_total')).toBe(3);
    expect(metricValue(metrics, 'leadloop_webhook_events_duplicate_total')).toBe(2);
    expect(metricValue(metrics, 'leadloop_webhook_events_stored_total')).toBe(3);
    expect(countEvents(app)).toBe(3);
    expect(app.query<{ object_id: string; attempts: number; status: string }>('select object_id, attempts, status from webhook_events order by id')).toEqual([
      { object_id: '5', attempts: 0, status: 'done' },
      { object_id: '6', attempts: 0, status: 'done' },
      { object_id: '7', attempts: 0, status: 'done' },
    ]);
  });

  it('keeps events that share an eventId but differ in subscription or time (eventId is not unique)', async () => {
    const a = contactEvent({ eventId: 77, subscriptionId: 1 });
    const b = { ...a, subscriptionId: 2 };
    const c = { ...a, occurredAt: (a.occurredAt as number) + 1 };
    const body = JSON.stringify([a, b, c, a]);
    const res = await post(app.webhookUrl, body, hubspotV3Headers(TEST_SECRET, app.webhookUrl, body));
    expect(res.json).toMatchObject({ received: 4, stored: 3, duplicates: 1 });
  });

  it('stores event types it does not know as ignored, never rejecting them', async () => {
    const body = JSON.stringify([contactEvent({ subscriptionType: 'conversation.newMessage', objectId: 9 })]);
    const res = await post(app.webhookUrl, body, hubspotV3Headers(TEST_SECRET, app.webhookUrl, body));
    expect(res.status).toBe(200);
    expect(app.query<{ status: string }>('select status from webhook_events')).toEqual([{ status: 'ignored' }]);
  });

  describe('refuses bad input with a clear answer and stores nothing', () => {
    const ok = () => JSON.stringify([contactEvent()]);
    const tooMany = () => JSON.stringify(Array.from({ length: 101 }, () => contactEvent()));
    const cases: Array<[string, () => { body: string; headers?: Record<string, string>; sign?: boolean }, number, string, RegExp]> = [
      ['not JSON', () => ({ body: '[{"eventId":' }), 400, 'WEBHOOK.MALFORMED_JSON', /not valid JSON/],
      ['an object instead of an array', () => ({ body: JSON.stringify(contactEvent()) }), 400, 'WEBHOOK.INVALID_PAYLOAD', /\(body\): .*array/i],
      ['more events than HubSpot sends in one batch', () => ({ body: tooMany() }), 400, 'WEBHOOK.INVALID_PAYLOAD', /at most 100 events/],
      ['a missing eventId', () => ({ body: JSON.stringify([contactEvent(), { ...contactEvent(), eventId: undefined }]) }), 400, 'WEBHOOK.INVALID_PAYLOAD', /^\[1\]\.eventId: /],
      ['a wrong type', () => ({ body: JSON.stringify([{ ...contactEvent(), occurredAt: 'yesterday' }]) }), 400, 'WEBHOOK.INVALID_PAYLOAD', /^\[0\]\.occurredAt: .*number/],
      ['an oversized body', () => ({ body: `[${' '.repeat(5 * 1024 * 1024)}]` }), 413, 'HTTP.BODY_TOO_LARGE', /size limit/],
      ['the wrong content type', () => ({ body: ok(), headers: { 'Content-Type': 'text/plain' } }), 415, 'WEBHOOK.UNSUPPORTED_MEDIA_TYPE', /application\/json/],
      ['no signature', () => ({ body: ok(), sign: false }), 401, 'WEBHOOK.MISSING_SIGNATURE', /X-HubSpot-Signature-v3/],
    ];

    it.each(cases)('%s', async (_label, make, status, code, message) => {
      const { body, headers = {}, sign = true } = make();
      const signed = sign ? hubspotV3Headers(TEST_SECRET, app.webhookUrl, body) : { 'Content-Type': 'application/json' };
      const res = await post(app.webhookUrl, body, { ...signed, ...headers });
      expect(res.status).toBe(status);
      expect(res.json.error?.code).toBe(code);
      expect(res.json.error?.message).toMatch(message);
      expect(res.text).not.toMatch(/at .*\.(ts|js):\d+/); // no stack trace
      expect(countEvents(app)).toBe(0);
    });

    it('a signature made with the wrong secret, or a stale timestamp, is 401', async () => {
      const body = ok();
      expect((await post(app.webhookUrl, body, hubspotV3Headers('wrong', app.webhookUrl, body))).json.error?.code).toBe('WEBHOOK.BAD_SIGNATURE');
      const stale = await post(app.webhookUrl, body, hubspotV3Headers(TEST_SECRET, app.webhookUrl, body, Date.now() - 6 * 60_000));
      expect(stale.status).toBe(401);
      expect(stale.json.error?.code).toBe('WEBHOOK.STALE_TIMESTAMP');
      expect(countEvents(app)).toBe(0);
    });

    it('lists every schema problem in details, naming field and reason', async () => {
      const body = JSON.stringify([{ ...contactEvent(), eventId: 'abc', portalId: undefined }]);
      const res = await post(app.webhookUrl, body, hubspotV3Headers(TEST_SECRET, app.webhookUrl, body));
      expect(res.json.error?.details).toEqual(
        expect.arrayContaining([
          { field: '[0].eventId', reason: expect.any(String) },
          { field: '[0].portalId', reason: expect.any(String) },
        ]),
      );
    });
  });

  it('never logs the secret or the signature', async () => {
    const body = JSON.stringify([contactEvent()]);
    const headers = hubspotV3Headers(TEST_SECRET, app.webhookUrl, body);
    await post(app.webhookUrl, body, headers);
    await post(app.webhookUrl, body, { ...headers, 'X-HubSpot-Signature-v3': 'forged' });
    const logs = app.logText();
    expect(logs).toContain('webhook delivery stored');
    expect(logs).toContain('webhook delivery refused');
    expect(logs).not.toContain(TEST_SECRET);
    expect(logs).not.toContain(headers['X-HubSpot-Signature-v3']);
    expect(logs).toMatch(/"requestId":"[\w-]+"/);
    expect(logs).toContain('"portalId":62515');
  });
});

describe('signed URI behind a proxy', () => {
  it('rebuilds the URI from PUBLIC_URL, which is what HubSpot signed', async () => {
    const app = await startTestApp({ PUBLIC_URL: 'https://leads.example.com' });
    try {
      const body = JSON.stringify([contactEvent()]);
      const publicUri = 'https://leads.example.com/webhooks/hubspot?source=hubspot';
      const good = await post(`${app.webhookUrl}?source=hubspot`, body, hubspotV3Headers(TEST_SECRET, publicUri, body));
      expect(good.status).toBe(200);
      const local = await post(`${app.webhookUrl}?source=hubspot`, body, hubspotV3Headers(TEST_SECRET, `${app.webhookUrl}?source=hubspot`, body));
      expect(local.status).toBe(401);
    } finally {
      await app.close();
    }
  });
});

describe('health endpoints', () => {
  it('reports liveness, readiness and Prometheus metrics; readiness fails once the worker stops', async () => {
    const app = await startTestApp();
    try {
      expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
      const ready = await fetch(`${app.url}/readyz`);
      expect(ready.status).toBe(200);
      const metrics = await metricsText(app);
      for (const name of ['leadloop_webhook_events_received_total', 'leadloop_webhook_events_stored_total', 'leadloop_webhook_events_duplicate_total', 'leadloop_events_processed_total', 'leadloop_events_dead_total', 'leadloop_webhook_ack_seconds_bucket', 'leadloop_event_queue_depth']) {
        expect(metrics).toContain(name);
      }
      await app.worker.stop();
      const notReady = await fetch(`${app.url}/readyz`);
      expect(notReady.status).toBe(503);
      expect(await notReady.json()).toMatchObject({ checks: { store: 'ok', worker: 'stopped' } });
    } finally {
      await app.close();
    }
  });
});
