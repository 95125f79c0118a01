import { freePort } from '../../src/runtime/free-port';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SANDBOX_FORMS } from '../../src/sandbox/seed-portal';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/start-sandbox';
import { startTestApp, waitFor, type TestApp } from '../helpers/start-test-app';
import { TEST_SECRET } from '../helpers/test-config';

const CLIENT_ID = 'sandbox-client-e2e';
const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist/cli/leadloop.js');
const form = (fields: Record<string, string>) => ({ method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });

/** `leadloop manifest --project DIR --public-url URL` (the built CLI, `npm test` builds it): the redirect URLs it registers. */
function projectRedirectUrls(publicUrl: string): string[] {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` (npm test does)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-project-'));
  const r = spawnSync(process.execPath, [CLI, 'manifest', '--project', dir, '--public-url', publicUrl], { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', LEADLOOP_DATA_DIR: dir } });
  if (r.status !== 0) throw new Error(`leadloop manifest failed: ${r.stderr}`);
  const app = JSON.parse(fs.readFileSync(path.join(dir, 'src/app/app-hsmeta.json'), 'utf8')) as { config: { auth: { redirectUrls: string[] } } };
  return app.config.auth.redirectUrls;
}

describe('e2e: installing leadloop into the sandbox over OAuth, as deployed (PUBLIC_URL, the generated project)', () => {
  let sandbox: RunningSandbox;
  let app: TestApp;
  let publicUrl: string;
  beforeAll(async () => {
    const port = await freePort();
    publicUrl = `http://127.0.0.1:${port}`;
    // The app in the sandbox registers exactly what the generated project registers: HubSpot's view of the app.
    sandbox = await startSandbox({ clientId: CLIENT_ID, clientSecret: TEST_SECRET, privateToken: 'pat-unused', retryBaseMs: 100, contacts: 20, redirectUrls: projectRedirectUrls(publicUrl) });
    app = await startTestApp({ PORT: String(port), PUBLIC_URL: publicUrl, HUBSPOT_CLIENT_ID: CLIENT_ID, HUBSPOT_CLIENT_SECRET: TEST_SECRET, LEADLOOP_ENCRYPTION_KEY: '22'.repeat(32), HUBSPOT_BASE_URL: sandbox.url, LEADLOOP_CRM_BATCH_WINDOW_MS: '20' }, { autoBackfill: 'install' });
    sandbox.setTargetUrl(`${app.url}/webhooks/hubspot`);
  });
  afterAll(async () => {
    await sandbox.close();
    await app.close();
  });

  it('the generated project registers the public callback besides the localhost one', () => {
    expect(projectRedirectUrls(publicUrl)).toEqual(['http://localhost:3000/oauth/callback', `${publicUrl}/oauth/callback`]);
  });

  it('runs install → consent → callback → tokens, then writes to the portal with the OAuth token', async () => {
    const install = await fetch(`${app.url}/oauth/install`, { redirect: 'manual' });
    expect(install.status).toBe(302);
    const consentUrl = new URL(install.headers.get('location')!);
    expect(consentUrl.origin).toBe(sandbox.url);
    expect(consentUrl.searchParams.get('redirect_uri')).toBe(`${publicUrl}/oauth/callback`);
    const page = await (await fetch(consentUrl)).text();
    expect(page).toContain(`sandbox portal ${sandbox.portal.portalId}`);
    expect(page).toContain('crm.objects.contacts.write');

    const q = consentUrl.searchParams;
    const approve = await fetch(`${sandbox.url}/oauth/authorize`, { ...form({ client_id: q.get('client_id')!, redirect_uri: q.get('redirect_uri')!, state: q.get('state')!, scope: q.get('scope')! }), redirect: 'manual' });
    expect(approve.status).toBe(302);
    const callback = await fetch(approve.headers.get('location')!);
    expect(callback.status).toBe(200);
    expect(app.query<{ portal_id: number }>('select portal_id from portals').map((r) => r.portal_id)).toEqual([sandbox.portal.portalId]);
    // Tokens are sealed at rest: neither appears in the row.
    expect(JSON.stringify(app.query('select * from portals'))).not.toMatch(/sandbox-oauth|sandbox-refresh/);
    await waitFor(() => sandbox.portal.properties.has('leadloop_score'), 5000, 'properties set up at install');
    // The install backfills the portal's existing contacts by itself, in the background.
    await waitFor(() => app.backfill?.state(sandbox.portal.portalId).status === 'finished', 20_000, 'the backfill after install');
    const seeded = sandbox.portal.table('contacts').size;
    expect(seeded).toBeGreaterThan(0);
    expect(app.query('select distinct contact_id from decisions where portal_id = ?', sandbox.portal.portalId)).toHaveLength(seeded);

    const fields = { email: 'ola@gridline.example', jobtitle: 'VP Sales', numemployees: '100-500', industry: 'Internet', country: 'United Kingdom', company: 'Gridline' };
    await fetch(`${sandbox.url}/submissions/v3/integration/submit/${sandbox.portal.portalId}/${SANDBOX_FORMS.demoRequest.id}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ fields: Object.entries(fields).map(([name, value]) => ({ name, value })) }) });
    await waitFor(() => sandbox.portal.contactByEmail('ola@gridline.example')?.properties.lifecyclestage === 'marketingqualifiedlead', 8000, 'MQL written with the OAuth token');
  });
});

describe('the sandbox OAuth dialect', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ clientId: CLIENT_ID, clientSecret: TEST_SECRET, privateToken: 'pat-private', accessTokenTtlSeconds: 1800, redirectUrls: ['http://127.0.0.1:1/cb'] });
  });
  afterAll(() => sandbox.close());

  async function codeFor(redirect: string): Promise<string> {
    const res = await fetch(`${sandbox.url}/oauth/authorize`, { ...form({ client_id: CLIENT_ID, redirect_uri: redirect, state: 's' }), redirect: 'manual' });
    return new URL(res.headers.get('location')!).searchParams.get('code')!;
  }
  const token = async (fields: Record<string, string>) => {
    const res = await fetch(`${sandbox.url}/oauth/2026-03/token`, form({ client_id: CLIENT_ID, client_secret: TEST_SECRET, ...fields }));
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('exchanges a code once, refreshes, answers 401 to strangers, and BAD_REFRESH_TOKEN after an uninstall', async () => {
    const code = await codeFor('http://127.0.0.1:1/cb');
    const first = await token({ grant_type: 'authorization_code', code, redirect_uri: 'http://127.0.0.1:1/cb' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ token_type: 'bearer', expires_in: 1800, hub_id: sandbox.portal.portalId });
    expect((await token({ grant_type: 'authorization_code', code, redirect_uri: 'http://127.0.0.1:1/cb' })).body).toMatchObject({ error: 'invalid_grant' });

    const access = String(first.body.access_token);
    const account = await fetch(`${sandbox.url}/account-info/v3/details`, { headers: { Authorization: `Bearer ${access}` } });
    expect(((await account.json()) as { portalId: number }).portalId).toBe(sandbox.portal.portalId);
    const stranger = await fetch(`${sandbox.url}/crm/v3/objects/contacts`, { headers: { Authorization: 'Bearer nope' } });
    expect(stranger.status).toBe(401);
    expect(await stranger.json()).toMatchObject({ status: 'error', category: 'INVALID_AUTHENTICATION' });

    const introspect = await fetch(`${sandbox.url}/oauth/2026-03/token/introspect`, form({ client_id: CLIENT_ID, client_secret: TEST_SECRET, token: access }));
    expect(await introspect.json()).toMatchObject({ active: true, hub_id: sandbox.portal.portalId });

    const refreshed = await token({ grant_type: 'refresh_token', refresh_token: String(first.body.refresh_token) });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.access_token).not.toBe(access);

    const uninstall = await fetch(`${sandbox.url}/appinstalls/2026-03/external-install`, { method: 'DELETE', headers: { Authorization: `Bearer ${String(refreshed.body.access_token)}` } });
    expect(uninstall.status).toBe(204);
    const after = await token({ grant_type: 'refresh_token', refresh_token: String(first.body.refresh_token) });
    expect(after.status).toBe(400);
    expect(after.body).toMatchObject({ error: 'invalid_grant', status: 'BAD_REFRESH_TOKEN' });
  });

  it('refuses a redirect_uri the app does not register, exactly: on the consent page, on approval and at the token endpoint', async () => {
    const other = 'https://leads.example.com/oauth/callback';
    const consent = await fetch(`${sandbox.url}/oauth/authorize?${new URLSearchParams({ client_id: CLIENT_ID, redirect_uri: other, scope: 'oauth', state: 's' })}`);
    expect(consent.status).toBe(400);
    expect(await consent.text()).toContain(`Authorization failed as the redirect URL &#39;${other}&#39; doesn&#39;t match the app&#39;s registered redirect URL`);
    const approve = await fetch(`${sandbox.url}/oauth/authorize`, { ...form({ client_id: CLIENT_ID, redirect_uri: 'http://127.0.0.1:1/cb/', state: 's' }), redirect: 'manual' });
    expect(approve.status).toBe(400);
    expect(approve.headers.get('location')).toBeNull();
    const code = await codeFor('http://127.0.0.1:1/cb');
    expect((await token({ grant_type: 'authorization_code', code, redirect_uri: other })).body).toMatchObject({ error: 'invalid_grant' });
  });
});
