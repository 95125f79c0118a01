import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import { deliver } from '../helpers/deliver';
import { spawnLeadloop, type SpawnedLeadloop } from '../helpers/spawn-leadloop';
import { contactEvent } from '../helpers/hubspot-signing';
import { startTestApp, waitFor, type TestApp } from '../helpers/start-test-app';
import { createPgDatabase } from '../helpers/test-database';

/** LEADLOOP_ROLE on one PostgreSQL database: the web process acknowledges, the worker process scores. */
describe('web and worker processes (PostgreSQL)', () => {
  let web: TestApp;
  let worker: TestApp;
  afterEach(async () => {
    await Promise.all([web?.close(), worker?.close()]);
  });

  it('a delivery acknowledged by the web process is scored by the worker process; each serves its own part', async () => {
    const DATABASE_URL = createPgDatabase();
    web = await startTestApp({ DATABASE_URL, LEADLOOP_ROLE: 'web' }, { scheduleSlaAudit: false, scheduleReconcile: false });
    worker = await startTestApp({ DATABASE_URL, LEADLOOP_ROLE: 'worker' }, { scheduleSlaAudit: false, scheduleReconcile: false });

    await deliver(web, [contactEvent({ objectId: 4242, subscriptionType: 'contact.creation' })]);
    await waitFor(() => worker.query("select 1 from webhook_events where object_id = '4242' and status = 'done'").length === 1, 5000, 'processed');
    expect(web.query("select contact_id from contact_events where contact_id = '4242'")).toEqual([{ contact_id: '4242' }]);
    expect(web.worker.isRunning()).toBe(false); // the web process never took it

    // The web process's readiness has no worker to check; the worker's has.
    const ready = async (app: TestApp) => (await (await fetch(`${app.url}/readyz`)).json()) as { checks: Record<string, string> };
    expect((await ready(web)).checks).not.toHaveProperty('worker');
    expect((await ready(worker)).checks.worker).toBe('ok');

    // A worker's port serves health and metrics only: a webhook sent to it is not taken.
    const toWorker = await fetch(`${worker.url}/webhooks/hubspot`, { method: 'POST', body: '[]', headers: { 'content-type': 'application/json' } });
    expect(toWorker.status).toBe(404);
    expect((await fetch(`${worker.url}/metrics`, { headers: { Authorization: `Bearer ${worker.adminToken}` } })).status).toBe(200);
  }, 30_000);

  // Web and worker processes on one machine: the worker runs at a lower priority (niceness 10 by default,
  // LEADLOOP_WORKER_NICE), the web process as started. Read from the operating system, not from leadloop.
  it('a worker process lowers its own priority; a web process does not', async () => {
    const DATABASE_URL = createPgDatabase();
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-nice-'));
    const spawned: SpawnedLeadloop[] = [];
    const start = async (role: string, extra: Record<string, string> = {}) => {
      const app = await spawnLeadloop({ DATABASE_URL, LEADLOOP_ROLE: role, LEADLOOP_DATA_DIR: path.join(root, `${role}-${spawned.length}`), HUBSPOT_CLIENT_SECRET: 'roles-nice-secret-1234', ...extra });
      spawned.push(app);
      return app;
    };
    try {
      const own = os.getPriority();
      const webApp = await start('web');
      const workerApp = await start('worker');
      const quieter = await start('worker', { LEADLOOP_WORKER_NICE: '15' });
      expect(os.getPriority(webApp.child.pid)).toBe(own);
      expect(os.getPriority(workerApp.child.pid)).toBe(Math.max(own, 10));
      expect(os.getPriority(quieter.child.pid)).toBe(Math.max(own, 15));
    } finally {
      await Promise.all(spawned.map(async (app) => {
        app.child.kill('SIGTERM');
        await app.exited;
      }));
    }
  }, 60_000);
});
