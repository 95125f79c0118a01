import { deliver } from '../helpers/deliver';
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
});
