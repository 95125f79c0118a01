import { contactEvent, hubspotV3Headers } from '../helpers/hubspot-signing';
import { startTestApp, type TestApp } from '../helpers/start-test-app';
import { TEST_SECRET } from '../helpers/test-config';

type ErrorBody = { error?: { code: string; message: string; details?: Array<{ field: string; reason: string }> } };

describe('POST /webhooks/hubspot with hostile input', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });
  const post = async (body: string) => {
    const res = await fetch(app.webhookUrl, { method: 'POST', body, headers: hubspotV3Headers(TEST_SECRET, app.webhookUrl, body) });
    return { status: res.status, json: (await res.json()) as ErrorBody };
  };

  it.each([
    ['arrays', '['.repeat(10_000) + ']'.repeat(10_000)],
    ['objects', '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000)],
    ['unclosed arrays', '['.repeat(10_000)],
  ])('answers 400 (never 500) to JSON %s nested 10,000 levels deep', async (_label, body) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(res.json.error?.code).toBe('WEBHOOK.TOO_DEEP');
  });

  it('counts no brackets inside strings: a shallow body with many brackets in a value is accepted', async () => {
    const res = await post(JSON.stringify([contactEvent({ subscriptionType: 'contact.propertyChange', propertyName: 'notes', propertyValue: '[{'.repeat(500) + '\\"' })]));
    expect(res.status).toBe(200);
  });

  it.each([
    ['portalId', '"9007199254740993"'],
    ['portalId', '9007199254740993'],
    ['eventId', '9007199254740993'],
    ['objectId', '"9007199254740993"'],
    ['objectId', '18446744073709551616'],
  ])('refuses %s %s (beyond 2^53) with 400 naming the field, never rounding it', async (field, literal) => {
    const body = JSON.stringify([contactEvent({ [field]: '__BIG__' })]).replace('"__BIG__"', literal);
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(res.json.error?.message).toContain(`[0].${field}`);
    expect(res.json.error?.message).toMatch(/2\^53|9007199254740991/);
    expect(app.query('select portal_id, object_id from webhook_events where portal_id > 9007199254740000 or object_id like \'9007199%\'')).toEqual([]);
  });

  it('accepts the largest safe id, stored exactly', async () => {
    const body = JSON.stringify([contactEvent({ objectId: '9007199254740991' })]);
    expect((await post(body)).status).toBe(200);
    expect(app.query("select object_id from webhook_events where object_id = '9007199254740991'")).toHaveLength(1);
  });
});
