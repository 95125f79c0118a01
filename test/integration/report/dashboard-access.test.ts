import type { Request, Response } from 'express';
import { dashboardAccess } from '../../../src/http/dashboard-access';
import { HttpError } from '../../../src/http/http-error';
import { startTestApp, type TestApp } from '../../helpers/start-test-app';

const TOKEN = 'dash-token-0123456789';

describe('who may read the report', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ LEADLOOP_DASHBOARD_TOKEN: TOKEN }, { scheduleSlaAudit: false });
  });
  afterAll(() => app.close());

  const get = (path: string, authorization?: string) => fetch(`${app.url}${path}`, { headers: authorization ? { Authorization: authorization } : {} });

  it.each(['/api/report', '/api/report.csv', '/', '/vendor/chart.umd.min.js'])('%s asks for the token, and opens to it', async (path) => {
    const none = await get(path);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Basic realm="leadloop dashboard"/);
    expect((await get(path, `Basic ${Buffer.from('anyone:wrong-token').toString('base64')}`)).status).toBe(401);
    expect((await get(path, `Basic ${Buffer.from(`maria:${TOKEN}`).toString('base64')}`)).status).toBe(200);
    expect((await get(path, `Bearer ${TOKEN}`)).status).toBe(200);
  });

  it('never logs the token', async () => {
    await get('/api/report', `Bearer ${TOKEN}`);
    expect(app.logText()).not.toContain(TOKEN);
  });

  it('without a token, answers this machine only', () => {
    const guard = dashboardAccess(undefined);
    const call = (remoteAddress: string) => {
      let passed: unknown = 'not called';
      guard({ socket: { remoteAddress }, headers: {} } as unknown as Request, { setHeader: () => undefined } as unknown as Response, (e?: unknown) => (passed = e));
      return passed;
    };
    expect(call('127.0.0.1')).toBeUndefined();
    expect(call('::1')).toBeUndefined();
    const refused = call('203.0.113.9');
    expect(refused).toBeInstanceOf(HttpError);
    expect((refused as HttpError).status).toBe(403);
    expect((refused as HttpError).message).toMatch(/LEADLOOP_DASHBOARD_TOKEN/);
  });
});
