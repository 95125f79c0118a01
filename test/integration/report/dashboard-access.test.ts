import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { startTestApp, type TestApp } from '../../helpers/start-test-app';

/** A request with any Host header (fetch always sends the URL's). */
function request(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      })
      .on('error', reject);
  });
}

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('who may read the report: nobody without credentials, whatever the source address', () => {
  let app: TestApp;
  beforeAll(async () => {
    // No LEADLOOP_ADMIN_TOKEN: one is generated into the data directory, as `npm start` does.
    app = await startTestApp({}, { scheduleSlaAudit: false });
  });
  afterAll(() => app.close());

  const get = (p: string, headers: Record<string, string> = {}) => fetch(`${app.url}${p}`, { headers, redirect: 'manual' });
  const bearer = () => ({ Authorization: `Bearer ${app.adminToken}` });

  it.each(['/api/report', '/api/report.csv', '/', '/index.html', '/app.js', '/metrics', '/no-such-page'])('%s from 127.0.0.1 without credentials: 401', async (p) => {
    const res = await get(p);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="leadloop"');
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('AUTH.REQUIRED');
  });

  it.each(['/api/report', '/api/report.csv', '/', '/metrics'])('%s opens to the admin token as a bearer token, or as the Basic password', async (p) => {
    expect((await get(p, bearer())).status).toBe(200);
    expect((await get(p, { Authorization: basic('maria', app.adminToken) })).status).toBe(200);
  });

  it('serves the charting library to anyone: it carries no data', async () => {
    expect((await get('/vendor/chart.umd.min.js')).status).toBe(200);
  });

  it('keeps the generated token in the data directory, mode 0600, and never logs it', async () => {
    const file = path.join(app.dataDir, 'admin-token');
    expect(fs.readFileSync(file, 'utf8').trim()).toBe(app.adminToken);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    await get('/api/report', bearer());
    await get(`/login?token=${app.adminToken}`);
    expect(app.logText()).not.toContain(app.adminToken);
  });

  it('/login?token= trades the token for an HttpOnly, SameSite=Strict session cookie and redirects to / (the token leaves the address bar)', async () => {
    const res = await get(`/login?token=${encodeURIComponent(app.adminToken)}`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^leadloop_session=[^;]+;/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).toMatch(/; Max-Age=\d+/);
    expect(cookie).not.toMatch(/; Secure/); // http://127.0.0.1: a Secure cookie would never come back
    expect(cookie).not.toContain(app.adminToken);
    const session = cookie.split(';')[0]!;
    expect((await get('/api/report', { Cookie: session })).status).toBe(200);
    expect((await get('/', { Cookie: session })).status).toBe(200);
    // A forged or altered session is no session.
    expect((await get('/api/report', { Cookie: `${session.slice(0, -2)}xx` })).status).toBe(401);
  });

  it('refuses a request whose Host is not this server (DNS rebinding); the health probes answer any Host', async () => {
    const evil = await request(`${app.url}/api/report`, { Host: 'evil.example', Authorization: `Bearer ${app.adminToken}` });
    expect(evil.status).toBe(421);
    expect(JSON.parse(evil.body)).toMatchObject({ error: { code: 'HTTP.WRONG_HOST' } });
    expect((await request(`${app.url}/webhooks/hubspot`, { Host: 'evil.example:80' })).status).toBe(421);
    expect((await request(`${app.url}/api/report`, { Host: `localhost:${new URL(app.url).port}`, Authorization: `Bearer ${app.adminToken}` })).status).toBe(200);
    // Another port on a loopback name is another server.
    expect((await request(`${app.url}/api/report`, { Host: 'localhost:1', Authorization: `Bearer ${app.adminToken}` })).status).toBe(421);
    expect((await request(`${app.url}/healthz`, { Host: '10.0.0.7:3000' })).status).toBe(200);
    expect((await request(`${app.url}/readyz`, { Host: '10.0.0.7:3000' })).status).toBe(200);
  });

  it.each(['/', '/api/report', '/healthz', '/login'])('sends the security headers on %s', async (p) => {
    const res = await get(p, bearer());
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toMatch(/default-src 'self'/);
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(res.headers.get('strict-transport-security')).toBeNull(); // plain http
  });

  it('the dashboard has no inline script for the CSP to block', async () => {
    const html = await (await get('/', bearer())).text();
    expect(html).not.toMatch(/<script>|<script(?![^>]*\bsrc=)[^>]*>/);
  });
});

describe('failed sign-ins are rate-limited per client', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({}, { scheduleSlaAudit: false });
  });
  afterAll(() => app.close());

  it('a wrong token is 401; after 10 failures, 429 with Retry-After, even for the right token', async () => {
    for (let i = 0; i < 5; i++) expect((await fetch(`${app.url}/login?token=wrong-${i}`, { redirect: 'manual' })).status).toBe(401);
    for (let i = 0; i < 5; i++) expect((await fetch(`${app.url}/api/report`, { headers: { Authorization: `Bearer wrong-${i}` } })).status).toBe(401);
    const limited = await fetch(`${app.url}/login?token=${app.adminToken}`, { redirect: 'manual' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe('AUTH.TOO_MANY_FAILURES');
    expect((await fetch(`${app.url}/api/report`, { headers: { Authorization: `Bearer ${app.adminToken}` } })).status).toBe(429);
  });
});

describe('the admin token from the environment', () => {
  it('LEADLOOP_DASHBOARD_TOKEN still works, as an alias of LEADLOOP_ADMIN_TOKEN', async () => {
    const app = await startTestApp({ LEADLOOP_DASHBOARD_TOKEN: 'dash-token-0123456789' }, { scheduleSlaAudit: false });
    try {
      expect(app.adminToken).toBe('dash-token-0123456789');
      expect((await fetch(`${app.url}/api/report`, { headers: { Authorization: 'Bearer dash-token-0123456789' } })).status).toBe(200);
      expect(app.logText()).not.toContain('dash-token-0123456789');
    } finally {
      await app.close();
    }
  });

  it('LEADLOOP_ADMIN_TOKEN wins over the alias; over https the cookie is Secure and HSTS is sent', async () => {
    const app = await startTestApp({ LEADLOOP_ADMIN_TOKEN: 'admin-token-0123456789', LEADLOOP_DASHBOARD_TOKEN: 'dash-token-0123456789', PUBLIC_URL: 'https://leads.example.com' }, { scheduleSlaAudit: false });
    try {
      expect((await fetch(`${app.url}/api/report`, { headers: { Authorization: 'Bearer dash-token-0123456789' } })).status).toBe(401);
      const login = await request(`${app.url}/login?token=admin-token-0123456789`, { Host: 'leads.example.com' });
      expect(login.status).toBe(303);
      expect(String(login.headers['set-cookie'])).toMatch(/; Secure/);
      expect(login.headers['strict-transport-security']).toBe('max-age=15552000');
    } finally {
      await app.close();
    }
  });
});

describe('/metrics', () => {
  it('on a port of its own (LEADLOOP_METRICS_PORT, 127.0.0.1), without a token; not on the main port', async () => {
    const app = await startTestApp({ LEADLOOP_METRICS_PORT: '0' }, { scheduleSlaAudit: false });
    try {
      expect(app.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
      const scraped = await fetch(app.metricsUrl!);
      expect(scraped.status).toBe(200);
      expect(await scraped.text()).toContain('leadloop_webhook_events_received_total');
      expect((await fetch(`${app.url}/metrics`, { headers: { Authorization: `Bearer ${app.adminToken}` } })).status).toBe(404);
      expect((await fetch(app.metricsUrl!.replace('/metrics', '/api/report'))).status).toBe(404);
    } finally {
      await app.close();
    }
  });
});
