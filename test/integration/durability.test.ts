import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { contactEvent, hubspotV3Headers } from '../helpers/hubspot-signing';
import { spawnLeadloop } from '../helpers/spawn-leadloop';
import { waitFor } from '../helpers/start-test-app';

const SECRET = 'durability-secret-123456';

function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-durability-'));
  const file = path.join(dir, 'leadloop.sqlite');
  const env = { DATABASE_URL: `sqlite:${file}`, LEADLOOP_DATA_DIR: dir, HUBSPOT_CLIENT_SECRET: SECRET, LEADLOOP_WORKER_LEASE_MS: '300', LEADLOOP_WORKER_POLL_MS: '20' };
  const query = <T>(sql: string): T[] => {
    const db = new Database(file, { readonly: true });
    try {
      return db.prepare(sql).all() as T[];
    } finally {
      db.close();
    }
  };
  return { env, query };
}

type Batch = { events: Array<Record<string, unknown>>; status?: number };

function makeBatches(count: number, size: number): Batch[] {
  return Array.from({ length: count }, (_, b) => ({
    events: Array.from({ length: size }, (_, i) => contactEvent({ objectId: (b * size + i) % 97, subscriptionType: 'contact.propertyChange', propertyName: 'email', propertyValue: `e${b}-${i}@x.io` })),
  }));
}

/** Sends batches with up to 10 in flight, as HubSpot does per portal; records each answer (or none). */
async function sendAll(url: string, batches: Batch[], onAck?: (acked: number) => void): Promise<void> {
  let next = 0;
  let acked = 0;
  const webhookUrl = `${url}/webhooks/hubspot`;
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      for (let b = batches[next++]; b; b = batches[next++]) {
        const body = JSON.stringify(b.events);
        try {
          const res = await fetch(webhookUrl, { method: 'POST', body, headers: hubspotV3Headers(SECRET, webhookUrl, body) });
          b.status = res.status;
          await res.arrayBuffer();
          if (res.ok) onAck?.(++acked);
        } catch {
          b.status = 0; // connection died: no answer, HubSpot would retry
        }
      }
    }),
  );
}

const keyOf = (e: Record<string, unknown>) => `${String(e.eventId)}`;

describe('durability', () => {
  it('after a SIGKILL mid-burst, every acknowledged event is processed exactly once and no batch is half-stored', async () => {
    const { env, query } = setup();
    const first = await spawnLeadloop(env);
    const batches = makeBatches(80, 50);
    await sendAll(first.url, batches, (acked) => {
      if (acked === 25) first.child.kill('SIGKILL');
    });
    expect((await first.exited).signal).toBe('SIGKILL');

    const acked = batches.filter((b) => b.status === 200);
    const refused = batches.filter((b) => b.status !== 200);
    expect(acked.length).toBeGreaterThanOrEqual(25);
    expect(refused.length).toBeGreaterThan(0); // the kill really landed mid-burst

    const second = await spawnLeadloop(env);
    try {
      await waitFor(() => query<{ n: number }>("select count(*) n from webhook_events where status in ('pending','processing')")[0]!.n === 0, 15_000, 'queue drained after restart');
      const stored = new Map(query<{ event_id: string; status: string }>('select event_id, status from webhook_events').map((r) => [r.event_id, r.status]));
      const applied = query<{ event_id: string; n: number }>('select w.event_id, count(*) n from contact_events c join webhook_events w on w.id = c.webhook_event_id group by w.event_id');
      const appliedCount = new Map(applied.map((r) => [r.event_id, r.n]));

      for (const batch of acked) {
        for (const e of batch.events) {
          expect(stored.get(keyOf(e))).toBe('done');
          expect(appliedCount.get(keyOf(e))).toBe(1);
        }
      }
      // A batch without a 2xx is all there or not there at all.
      for (const batch of refused) {
        const present = batch.events.filter((e) => stored.has(keyOf(e))).length;
        expect([0, batch.events.length]).toContain(present);
      }
      // HubSpot then retries what got no 2xx: all of it ends processed exactly once.
      await sendAll(second.url, refused.map((b) => ({ events: b.events.map((e) => ({ ...e, attemptNumber: 1 })) })));
      await waitFor(() => query<{ n: number }>("select count(*) n from webhook_events where status = 'done'")[0]!.n === 80 * 50, 15_000, 'all events done');
      const perEvent = query<{ n: number }>('select count(*) n from contact_events group by webhook_event_id having count(*) > 1');
      expect(perEvent).toEqual([]);
      expect(query<{ n: number }>('select count(*) n from contact_events')[0]!.n).toBe(80 * 50);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  }, 60_000);

  it('SIGTERM drains in-flight work and exits 0', async () => {
    const { env, query } = setup();
    const app = await spawnLeadloop(env);
    const batches = makeBatches(10, 100);
    await sendAll(app.url, batches);
    app.child.kill('SIGTERM');
    const exit = await app.exited;
    expect(exit.code).toBe(0);
    expect(app.output()).toContain('draining in-flight work');
    expect(query<{ n: number }>("select count(*) n from webhook_events where status = 'processing'")[0]!.n).toBe(0);
  }, 30_000);
});
