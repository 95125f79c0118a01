import { signV1 } from '../../src/http/verify-signature';
import { contactEvent, hubspotV3Headers } from '../helpers/hubspot-signing';
import { startTestApp, waitFor, type TestApp } from '../helpers/start-test-app';
import { TEST_SECRET } from '../helpers/test-config';

const v1Headers = (body: string) => ({ 'Content-Type': 'application/json', 'X-HubSpot-Signature': signV1(TEST_SECRET, body), 'X-HubSpot-Signature-Version': 'v1' });
const post = async (url: string, body: string, headers: Record<string, string>) => {
  const res = await fetch(url, { method: 'POST', body, headers });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> & { error?: { code: string; message: string } } };
};

describe('legacy (v1/v2) signatures', () => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('are refused by default with 401 naming LEADLOOP_ACCEPT_LEGACY_SIGNATURES, and nothing is stored', async () => {
    app = await startTestApp();
    const body = JSON.stringify([contactEvent({ objectId: 41 })]);
    const res = await post(app.webhookUrl, body, v1Headers(body));
    expect(res.status).toBe(401);
    expect(res.json.error).toMatchObject({ code: 'WEBHOOK.LEGACY_SIGNATURE', message: expect.stringContaining('LEADLOOP_ACCEPT_LEGACY_SIGNATURES') });
    expect(app.query('select * from webhook_events')).toEqual([]);
  });

  it('when allowed, a replay of a delivery captured before a privacy deletion brings nothing back', async () => {
    app = await startTestApp({ LEADLOOP_ACCEPT_LEGACY_SIGNATURES: '1' });
    const a = app;
    const captured = JSON.stringify([contactEvent({ objectId: 42, subscriptionType: 'contact.propertyChange', propertyName: 'email', propertyValue: 'replayed.person@acme.io' })]);
    expect((await post(a.webhookUrl, captured, v1Headers(captured))).status).toBe(200);
    await waitFor(() => a.query("select 1 from webhook_events where status = 'done'").length === 1, 5000, 'first delivery processed');

    const erasure = JSON.stringify([contactEvent({ objectId: 42, subscriptionType: 'contact.privacyDeletion' })]);
    expect((await post(a.webhookUrl, erasure, hubspotV3Headers(TEST_SECRET, a.webhookUrl, erasure))).status).toBe(200);
    await waitFor(() => a.query('select 1 from erased_contacts').length === 1, 5000, 'erasure');
    await waitFor(() => a.query("select 1 from webhook_events where subject_key like '%:contact:42'").length === 0, 5000, 'erasure done');

    const replay = await post(a.webhookUrl, captured, v1Headers(captured));
    expect(replay.status).toBe(200);
    expect(replay.json).toMatchObject({ received: 0, stored: 0 });
    expect(JSON.stringify(a.query('select * from webhook_events'))).not.toContain('replayed.person@acme.io');
    expect(a.logText()).toContain('legacy-signed events of erased contacts dropped');
  });
});
