import { freePort } from '../../src/runtime/free-port';
import { seedReportHistory } from '../../src/bench/seed-report-history';
import type { FullReport } from '../../src/report/load-report';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/start-sandbox';
import { startTestApp, type TestApp } from '../helpers/start-test-app';
import { testClock } from '../helpers/test-clock';
import { TEST_SECRET } from '../helpers/test-config';

const CLIENT_ID = 'sandbox-client-sign-in';
const OTHER_PORTAL = 99_000_111;
const form = (fields: Record<string, string>) => ({ method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });

describe("e2e: a portal's user signs in with HubSpot (the sandbox's OAuth) and reads that portal's report only", () => {
  const clock = testClock();
  const month = new Date(clock.start).toISOString().slice(0, 7);
  let sandbox: RunningSandbox;
  let app: TestApp;
  beforeAll(async () => {
    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    sandbox = await startSandbox({ clientId: CLIENT_ID, clientSecret: TEST_SECRET, privateToken: 'pat-unused', retryBaseMs: 100, redirectUrls: [`${publicUrl}/oauth/callback`], now: clock.now });
    app = await startTestApp(
      { PORT: String(port), PUBLIC_URL: publicUrl, HUBSPOT_CLIENT_ID: CLIENT_ID, HUBSPOT_CLIENT_SECRET: TEST_SECRET, LEADLOOP_ENCRYPTION_KEY: '33'.repeat(32), HUBSPOT_BASE_URL: sandbox.url },
      { scheduleSlaAudit: false, now: clock.now, appRedirectUrls: [`${publicUrl}/oauth/callback`] },
    );
    // Two portals' history in one leadloop: the sandbox's, and another customer's.
    await seedReportHistory(app.store, 300, clock.start, sandbox.portal.portalId);
    await seedReportHistory(app.store, 200, clock.start, OTHER_PORTAL);
  });
  afterAll(async () => {
    await sandbox.close();
    await app.close();
  });

  /** Start → HubSpot's consent (approved) → back to leadloop's callback; its answer, not followed. */
  async function throughConsent(start: string): Promise<Response> {
    const begin = await fetch(`${app.url}${start}`, { redirect: 'manual' });
    expect(begin.status).toBe(302);
    const q = new URL(begin.headers.get('location')!).searchParams;
    const approve = await fetch(`${sandbox.url}/oauth/authorize`, { ...form({ client_id: q.get('client_id')!, redirect_uri: q.get('redirect_uri')!, state: q.get('state')!, scope: q.get('scope')! }), redirect: 'manual' });
    expect(approve.status).toBe(302);
    return fetch(approve.headers.get('location')!, { redirect: 'manual' });
  }

  const report = async (query: string, headers: Record<string, string>) => {
    const res = await fetch(`${app.url}/api/report?month=${month}${query}`, { headers });
    return { status: res.status, body: (await res.json()) as FullReport & { error?: { code: string } } };
  };

  it('refuses a sign-in for a portal leadloop is not installed in', async () => {
    const callback = await throughConsent('/auth/hubspot');
    expect(callback.status).toBe(403);
    expect(callback.headers.get('set-cookie')).toBeNull();
    expect(await callback.text()).toContain(`not installed in portal ${sandbox.portal.portalId}`);
  });

  it('after the install, the sign-in sets a session for the portal: its report, no other portal’s, and not /metrics', async () => {
    expect((await throughConsent('/oauth/install')).status).toBe(200);
    const callback = await throughConsent('/auth/hubspot');
    expect(callback.status).toBe(303);
    expect(callback.headers.get('location')).toBe('/');
    const cookie = callback.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const session = { Cookie: cookie.split(';')[0]! };

    const admin = { Authorization: `Bearer ${app.adminToken}` };
    const own = await report(`&portal=${sandbox.portal.portalId}`, admin);
    const other = await report(`&portal=${OTHER_PORTAL}`, admin);
    expect(own.body.contract.mqlsDelivered).toBeGreaterThan(0);
    expect(other.body.contract.mqlsDelivered).toBeGreaterThan(0);

    const mine = await report('', session);
    expect(mine.status).toBe(200);
    expect(mine.body.contract).toEqual(own.body.contract);
    expect(mine.body.funnel).toEqual(own.body.funnel);
    expect((await report(`&portal=${sandbox.portal.portalId}`, session)).status).toBe(200);

    const theirs = await report(`&portal=${OTHER_PORTAL}`, session);
    expect(theirs.status).toBe(403);
    expect(theirs.body.error?.code).toBe('REPORT.OTHER_PORTAL');
    const csv = await fetch(`${app.url}/api/report.csv?month=${month}&portal=${OTHER_PORTAL}`, { headers: session });
    expect(csv.status).toBe(403);
    expect((await fetch(`${app.url}/metrics`, { headers: session })).status).toBe(403);
    expect((await fetch(`${app.url}/`, { headers: session })).status).toBe(200);
  });

  it('a sign-in state is good once', async () => {
    const begin = await fetch(`${app.url}/auth/hubspot`, { redirect: 'manual' });
    const q = new URL(begin.headers.get('location')!).searchParams;
    const approve = await fetch(`${sandbox.url}/oauth/authorize`, { ...form({ client_id: q.get('client_id')!, redirect_uri: q.get('redirect_uri')!, state: q.get('state')!, scope: q.get('scope')! }), redirect: 'manual' });
    const back = approve.headers.get('location')!;
    expect((await fetch(back, { redirect: 'manual' })).status).toBe(303);
    expect((await fetch(back, { redirect: 'manual' })).status).toBe(400);
  });
});
