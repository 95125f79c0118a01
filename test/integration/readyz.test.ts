import type { EventProcessor } from '../../src/processing/event-processor';
import { contactEvent, hubspotV3Headers } from '../helpers/hubspot-signing';
import { startTestApp, waitFor, type TestApp } from '../helpers/start-test-app';
import { testNow } from '../helpers/test-clock';
import { TEST_SECRET } from '../helpers/test-config';
import { failInserts } from '../helpers/test-database';
import { createProcessFaults } from '../../src/runtime/process-faults';

/** /readyz through the real composition on loopback: the intake that cannot commit, and a stalled worker. */
interface ReadyBody {
  status: string;
  checks: Record<string, string>;
  failed?: string[];
  details?: Record<string, string>;
}

async function readyz(app: TestApp): Promise<{ status: number; body: ReadyBody }> {
  const res = await fetch(`${app.url}/readyz`);
  return { status: res.status, body: (await res.json()) as ReadyBody };
}

async function deliver(app: TestApp, at: number, objectId: number): Promise<number> {
  const body = JSON.stringify([contactEvent({ objectId, occurredAt: at })]);
  const res = await fetch(app.webhookUrl, { method: 'POST', body, headers: hubspotV3Headers(TEST_SECRET, app.webhookUrl, body, at) });
  await res.text();
  return res.status;
}

describe('/readyz', () => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('is not ready while the intake cannot commit (the disk is full), and ready again once a commit succeeds', async () => {
    const clock = { t: testNow().instant };
    app = await startTestApp({}, { now: () => clock.t, scheduleSlaAudit: false });
    expect(await readyz(app)).toMatchObject({ status: 200, body: { status: 'ready', checks: { store: 'ok', intake: 'ok', worker: 'ok' } } });

    // A second connection to leadloop's own database makes every write fail the way a full disk does: the intake's
    // insert, and the write probe's lease row. Reads still work, so the store's ping still answers.
    const { databaseUrl } = app;
    const full = (table: string) => failInserts(databaseUrl, table, true);
    const freed = (table: string) => failInserts(databaseUrl, table, false);
    try {
      await full('webhook_events');
      await full('job_leases');
      expect(await deliver(app, clock.t, 701)).toBe(503);
      const down = await readyz(app);
      expect(down).toMatchObject({ status: 503, body: { status: 'not ready', checks: { store: 'ok', intake: 'cannot commit', worker: 'ok' }, failed: ['intake'] } });
      expect(down.body.details?.intake).toContain(new Date(clock.t).toISOString());
      // Still failing: each readiness check probes again, and the probe fails too.
      expect((await readyz(app)).status).toBe(503);

      // Deliveries commit again (the probe would still fail): the next delivery's commit makes it ready.
      await freed('webhook_events');
      expect(await deliver(app, clock.t, 702)).toBe(200);
      expect(await readyz(app)).toMatchObject({ status: 200, body: { checks: { intake: 'ok' } } });

      // It fails again, then the disk is freed and no delivery comes (HubSpot is told to wait, a balancer took
      // the instance out of rotation): the write probe finds the store writable and it is ready again.
      await full('webhook_events');
      expect(await deliver(app, clock.t, 703)).toBe(503);
      expect((await readyz(app)).status).toBe(503);
      await freed('webhook_events');
      await freed('job_leases');
      expect(await readyz(app)).toMatchObject({ status: 200, body: { status: 'ready', checks: { intake: 'ok' } } });
      expect(await deliver(app, clock.t, 704)).toBe(200);
    } finally {
      for (const table of ['webhook_events', 'job_leases']) {
        try {
          await freed(table);
        } catch {
          // already freed
        }
      }
    }
  });

  it('is not ready when due events have waited without progress for longer than the worker’s lease', async () => {
    const LEASE = 30_000;
    const clock = { t: testNow().instant };
    let started = 0;
    let release: () => void = () => undefined;
    // A processor that hangs (a CRM call that never answers) until the test lets it go.
    const processor = (): EventProcessor => ({
      process: () =>
        new Promise<void>((resolve) => {
          started += 1;
          release = resolve;
        }),
    });
    app = await startTestApp({ LEADLOOP_WORKER_LEASE_MS: String(LEASE) }, { now: () => clock.t, processor, scheduleSlaAudit: false });
    try {
      expect((await readyz(app)).status).toBe(200);

      expect(await deliver(app, clock.t, 801)).toBe(200);
      await waitFor(() => started === 1, 5000, 'the worker to take the event');
      expect((await readyz(app)).status).toBe(200);
      const claimedAt = clock.t;
      clock.t = claimedAt + LEASE; // exactly the lease: not yet longer
      expect((await readyz(app)).status).toBe(200);
      clock.t = claimedAt + LEASE + 1;
      const stalled = await readyz(app);
      expect(stalled).toMatchObject({ status: 503, body: { status: 'not ready', checks: { store: 'ok', intake: 'ok', worker: 'stalled' }, failed: ['worker'] } });
      expect(stalled.body.details?.worker).toContain(new Date(claimedAt).toISOString());
    } finally {
      // The call answers (also when an assertion failed, so the app can stop): the claim completes.
      release();
    }
    await waitFor(() => app!.query("select 1 from webhook_events where status = 'done'").length === 1, 5000, 'the event to be applied');
    // Progress made: ready again.
    expect(await readyz(app)).toMatchObject({ status: 200, body: { checks: { worker: 'ok' } } });
  });
});

describe('/readyz after an unhandled rejection', () => {
  it('fails once main.ts has recorded it, saying when but not what (the text stays in the log: /readyz is public)', async () => {
    const faults = createProcessFaults();
    const app = await startTestApp({}, { faults, scheduleSlaAudit: false });
    try {
      expect(await readyz(app)).toMatchObject({ status: 200, body: { checks: { process: 'ok' } } });
      faults.record(new Error('socket hang up', { cause: 'ECONNRESET' }), Date.parse('2026-11-17T15:00:00Z'));
      const res = await readyz(app);
      expect(res).toMatchObject({ status: 503, body: { checks: { process: 'unhandled rejection' }, failed: ['process'] } });
      expect(res.body.details?.process).not.toContain('socket hang up');
      expect(res.body.details?.process).toContain('2026-11-17T15:00:00.000Z');
    } finally {
      await app.close();
    }
  });
});
