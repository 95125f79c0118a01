import { sqlitePathOf } from '../../../src/store/open-database';
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import nock from 'nock';
import { signState, verifyState, STATE_TTL_MS } from '../../../src/oauth/oauth-state';
import { oauthRedirectUri, readAppRedirectUrls } from '../../../src/oauth/redirect-urls';
import { REQUIRED_SCOPES } from '../../../src/oauth/scopes';
import { startTestApp, type TestApp } from '../../helpers/start-test-app';

const BASE = 'https://api.hubapi.com';
const KEY_HEX = '11'.repeat(32);
const ACCESS = 'CNb8-access-token-secret-value-1234';
const REFRESH = 'na1-refresh-token-secret-value-5678';

describe('OAuth install flow', () => {
  let app: TestApp;
  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    app = await startTestApp({ HUBSPOT_CLIENT_ID: 'client-123', HUBSPOT_CLIENT_SECRET: 'client-secret-xyz', LEADLOOP_ENCRYPTION_KEY: KEY_HEX, PUBLIC_URL: 'https://leads.example.com' });
  });
  afterAll(async () => {
    await app.close();
    nock.cleanAll();
    nock.enableNetConnect();
  });
  afterEach(() => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    expect(pending).toEqual([]);
  });

  async function install(): Promise<string> {
    const res = await fetch(`${app.url}/oauth/install`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location')!);
    expect(location.origin + location.pathname).toBe('https://app.hubspot.com/oauth/authorize');
    expect(location.searchParams.get('client_id')).toBe('client-123');
    expect(location.searchParams.get('redirect_uri')).toBe('https://leads.example.com/oauth/callback');
    expect(location.searchParams.get('scope')!.split(' ')).toEqual([...REQUIRED_SCOPES]);
    return location.searchParams.get('state')!;
  }
  const callback = (state: string, code = 'auth-code-1') => fetch(`${app.url}/oauth/callback?code=${code}&state=${encodeURIComponent(state)}`);

  it('a good state: exchanges the code at the date-versioned endpoint, stores the tokens sealed, sets up the portal', async () => {
    const state = await install();
    nock(BASE)
      .post('/oauth/2026-03/token', (body: Record<string, string>) => body.grant_type === 'authorization_code' && body.code === 'auth-code-1' && body.client_secret === 'client-secret-xyz' && body.redirect_uri === 'https://leads.example.com/oauth/callback')
      .reply(200, { access_token: ACCESS, refresh_token: REFRESH, expires_in: 1800, token_type: 'bearer', hub_id: 777, scopes: [...REQUIRED_SCOPES] });
    const bearer = { reqheaders: { authorization: `Bearer ${ACCESS}` } };
    nock(BASE, bearer).get('/crm/v3/properties/contacts/groups/leadloop').reply(404, { status: 'error', message: 'not found' });
    nock(BASE, bearer).get('/crm/v3/properties/contacts').query(true).reply(200, { results: [] });
    nock(BASE, bearer).post('/crm/v3/properties/contacts/groups').reply(201, { name: 'leadloop', label: 'leadloop', displayOrder: -1, archived: false });
    nock(BASE, bearer).post('/crm/v3/properties/contacts/batch/create').reply(201, { status: 'COMPLETE', results: [] });
    const res = await callback(state);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('leadloop is installed');
    expect(html).toContain('What happens next');
    const [portal] = app.query<{ portal_id: number; access_token: string; status: string }>('select portal_id, access_token, status from portals');
    expect(portal).toMatchObject({ portal_id: 777, status: 'active' });
    expect(portal!.access_token).toMatch(/^v1\./);

    // no token in plain text in the database (its files, on SQLite) or the logs
    const dbFile = sqlitePathOf(app.databaseUrl);
    for (const file of dbFile ? [dbFile, `${dbFile}-wal`].filter((f) => fs.existsSync(f)) : []) {
      const bytes = fs.readFileSync(file);
      expect(bytes.includes(ACCESS)).toBe(false);
      expect(bytes.includes(REFRESH)).toBe(false);
    }
    expect(JSON.stringify(app.query('select * from portals'))).not.toMatch(new RegExp(`${ACCESS}|${REFRESH}`));
    expect(app.logText()).not.toContain(ACCESS);
    expect(app.logText()).not.toContain(REFRESH);

    // replayed: the same state a second time
    const replay = await callback(state);
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain('already used');
  });

  it('its pages are styled by a stylesheet leadloop serves to anyone, not by inline styles the CSP blocks', async () => {
    const res = await callback('not-a-state');
    expect(res.status).toBe(400);
    expect(res.headers.get('content-security-policy')).toContain("style-src 'self'");
    const html = await res.text();
    expect(html).not.toMatch(/\sstyle=|<style/i);
    const href = /<link rel="stylesheet" href="([^"]+)">/.exec(html)?.[1];
    expect(href).toBe('/oauth/oauth.css');
    // No credentials: an installing admin has none yet.
    const css = await fetch(`${app.url}${href}`);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    expect(await css.text()).toContain('max-width: 40rem');
  });

  it('a tampered state is refused, and no code is exchanged', async () => {
    const state = await install();
    const [payload, mac] = state.split('.');
    const forged = Buffer.from(JSON.stringify({ n: 'other', e: Date.now() + 60_000 })).toString('base64url');
    for (const bad of [`${forged}.${mac}`, `${payload}.${mac!.slice(0, -2)}xx`, 'garbage']) {
      const res = await callback(bad);
      expect(res.status).toBe(400);
      expect(await res.text()).toMatch(/bad signature|malformed/);
    }
  });

  it('an expired state is refused', async () => {
    const stateKey = createHmac('sha256', Buffer.from(KEY_HEX, 'hex')).update('leadloop oauth state').digest();
    const { state } = signState(stateKey, Date.now() - STATE_TTL_MS - 1000);
    const res = await callback(state);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('expired');
    expect(verifyState(stateKey, state, Date.now())).toEqual({ ok: false, reason: 'expired' });
  });
});

describe('app manifest scopes', () => {
  it('app.json requires exactly the scopes the install asks for', () => {
    const app = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../app.json'), 'utf8'));
    expect([...app.auth.requiredScopes].sort()).toEqual([...REQUIRED_SCOPES].sort());
  });
});

describe('the redirect URI leadloop sends is one the app registers', () => {
  const oauthEnv = { HUBSPOT_CLIENT_ID: 'client-123', HUBSPOT_CLIENT_SECRET: 'client-secret-xyz', LEADLOOP_ENCRYPTION_KEY: KEY_HEX };

  it('OAuth mode refuses to start when it would send an unregistered redirect_uri, naming PUBLIC_URL and auth.redirectUrls', async () => {
    // No PUBLIC_URL, and not the port app.json registers for development: http://localhost:0/oauth/callback.
    const refusal = await startTestApp(oauthEnv).then(
      async (app) => {
        await app.close();
        return 'started';
      },
      (e: unknown) => (e instanceof Error ? e.message : String(e)),
    );
    expect(refusal).toMatch(/PUBLIC_URL: leadloop would send redirect_uri http:\/\/localhost:0\/oauth\/callback, which the app does not register \(app\.json's auth\.redirectUrls: "http:\/\/localhost:3000\/oauth\/callback"\)/);
    expect(refusal).toMatch(/leadloop manifest --project DIR/);
  });

  it('without PUBLIC_URL, the development default (PORT 3000) is what app.json registers', () => {
    expect(readAppRedirectUrls()).toContain(oauthRedirectUri(undefined, 3000));
  });

});
