import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { contactEvent, hubspotV3Headers } from '../helpers/hubspot-signing';
import { startRecordingHubspot } from '../helpers/recording-hubspot';
import { spawnLeadloop, type SpawnedLeadloop } from '../helpers/spawn-leadloop';
import { invocationsByEvent, spawnRecordedLeadloop } from '../helpers/spawn-recorded-leadloop';
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
  return { env, query, file, dir };
}

type Batch = { events: Array<Record<string, unknown>>; status?: number };

const CONTACTS = 97;
const contactIdOf = (n: number) => String(1001 + (n % CONTACTS));

function makeBatches(count: number, size: number): Batch[] {
  return Array.from({ length: count }, (_, b) => ({
    events: Array.from({ length: size }, (_, i) => contactEvent({ objectId: Number(contactIdOf(b * size + i)), subscriptionType: 'contact.propertyChange', propertyName: 'email', propertyValue: `e${b}-${i}@x.io` })),
  }));
}

/** Sends batches with up to 10 in flight, as HubSpot does per portal; records each answer (or none). */
async function sendAll(url: string, batches: Batch[], onAck?: (acked: number) => void, before?: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  let acked = 0;
  const webhookUrl = `${url}/webhooks/hubspot`;
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      for (let i = next++, b = batches[i]; b; i = next++, b = batches[i]) {
        await before?.(i);
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

const PORTAL = 62515;
const TOKEN = 'pat-na1-durability-token';
const HOUR = 3_600_000;

describe('durability', () => {
  it('after a SIGKILL mid-burst, every event is processed once (twice only if it was in flight), and each decision reaches HubSpot exactly once', async () => {
    // Every contact is one sales accepted (CONNECTED) with no stage in HubSpot: its first decision moves it to SQL,
    // which is one contact update and one note; every later event of it changes nothing in HubSpot.
    const hubspot = await startRecordingHubspot({
      portalId: PORTAL,
      token: TOKEN,
      contacts: Object.fromEntries(Array.from({ length: CONTACTS }, (_, n) => [contactIdOf(n), { email: `c${n}@acme-software.com`, company: 'Acme Software', hs_lead_status: 'CONNECTED', hubspot_owner_id: '7001' }])),
    });
    const { env: base, query, file, dir } = setup();
    const env = { ...base, HUBSPOT_BASE_URL: hubspot.url, HUBSPOT_ACCESS_TOKEN: TOKEN, LEADLOOP_CRM_BATCH_WINDOW_MS: '5', LEADLOOP_HUBSPOT_MAX_REQUESTS: '100000' };
    const journal = path.join(dir, 'invocations.log');
    const readJournal = () => (fs.existsSync(journal) ? fs.readFileSync(journal, 'utf8') : '');
    const stop = async (app: SpawnedLeadloop) => {
      app.child.kill('SIGTERM');
      const exit = await app.exited;
      if (exit.code !== 0) throw new Error(`leadloop did not stop cleanly (${JSON.stringify(exit)}):\n${app.output().slice(-2000)}`);
    };

    try {
      const first = await spawnRecordedLeadloop(env, journal);
      const batches = makeBatches(80, 50);
      let killed = false;
      // The burst pauses after 30 deliveries until the worker has finished work (HubSpot has seen a write, the
      // store marked events done); the process is killed at the 35th acknowledgement, with deliveries in flight.
      const someDone = () => query<{ n: number }>("select count(*) n from webhook_events where status = 'done'")[0]!.n > 0;
      const workDone = waitFor(() => hubspot.updates.length > 0 && someDone(), 15_000, 'the first run finished some work');
      workDone.catch(() => undefined);
      await sendAll(
        first.url,
        batches,
        (acked) => {
          if (!killed && acked >= 35) killed = first.child.kill('SIGKILL');
        },
        async (index) => {
          if (index >= 30) await workDone;
        },
      );
      await workDone;
      expect((await first.exited).signal).toBe('SIGKILL');
      // What the store held when the process died, before anything recovers.
      const atKill = new Map(
        (() => {
          const db = new Database(file);
          try {
            return db.prepare('select event_id, status from webhook_events').all() as Array<{ event_id: string; status: string }>;
          } finally {
            db.close();
          }
        })().map((r) => [r.event_id, r.status]),
      );

      const acked = batches.filter((b) => b.status === 200);
      const refused = batches.filter((b) => b.status !== 200);
      expect(acked.length).toBeGreaterThanOrEqual(25);
      expect(refused.length).toBeGreaterThan(0); // the kill really landed mid-burst
      expect([...atKill.values()].filter((s) => s === 'done').length).toBeGreaterThan(0); // and after the worker finished some work

      const second = await spawnRecordedLeadloop(env, journal);
      try {
        await waitFor(() => query<{ n: number }>("select count(*) n from webhook_events where status in ('pending','processing')")[0]!.n === 0, 15_000, 'queue drained after restart');
        const stored = new Map(query<{ event_id: string; status: string }>('select event_id, status from webhook_events').map((r) => [r.event_id, r.status]));
        for (const batch of acked) for (const e of batch.events) expect(stored.get(keyOf(e))).toBe('done');
        // A batch without a 2xx is all there or not there at all.
        for (const batch of refused) {
          const present = batch.events.filter((e) => stored.has(keyOf(e))).length;
          expect([0, batch.events.length]).toContain(present);
        }
        // HubSpot then retries what got no 2xx (a stored batch comes again as a duplicate).
        await sendAll(second.url, refused.map((b) => ({ events: b.events.map((e) => ({ ...e, attemptNumber: 1 })) })));
        await waitFor(() => query<{ n: number }>("select count(*) n from webhook_events where status = 'done'")[0]!.n === 80 * 50, 15_000, 'all events done');
      } finally {
        await stop(second);
      }

      // A note interrupted by the kill stays pending until the sweep finds it stale (a minute later): age the
      // pending rows by an hour instead of waiting, and let a third start's sweep finish them.
      const db = new Database(file);
      db.prepare("update crm_writes set updated_at = updated_at - ? where status = 'pending'").run(HOUR);
      db.close();
      const third = await spawnRecordedLeadloop(env, journal);
      try {
        await waitFor(() => query<{ n: number }>("select count(*) n from crm_writes where status = 'pending'")[0]!.n === 0, 15_000, 'pending notes swept');
      } finally {
        await stop(third);
      }

      // Processor invocations per event, by process.
      const lines = readJournal();
      const pids = [...new Set(lines.split('\n').filter(Boolean).map((l) => Number(l.split(' ')[0])))];
      const inFirst = invocationsByEvent(lines, first.child.pid);
      const inSecond = invocationsByEvent(lines, second.child.pid);
      expect(pids.every((p) => p === first.child.pid || p === second.child.pid)).toBe(true); // the third had nothing to process
      const wrong: string[] = [];
      for (const batch of batches) {
        for (const e of batch.events) {
          const id = keyOf(e);
          const status = atKill.get(id) ?? 'absent';
          const [one, two] = [inFirst.get(id) ?? 0, inSecond.get(id) ?? 0];
          // done before the kill: processed once, then never again; in flight: maybe once before, exactly once after;
          // not yet claimed (or never stored): exactly once, after the restart.
          const expected = status === 'done' ? one === 1 && two === 0 : status === 'processing' ? one <= 1 && two === 1 : one === 0 && two === 1;
          if (!expected) wrong.push(`${id} (${status} at the kill): ${one} + ${two}`);
        }
      }
      expect(wrong).toEqual([]);

      // CRM writes per decision: one update and one note per contact, whatever was interrupted.
      const updatesPer = new Map<string, number>();
      for (const u of hubspot.updates) updatesPer.set(u.id, (updatesPer.get(u.id) ?? 0) + 1);
      const notesPer = new Map<string, number>();
      for (const n of hubspot.notes) notesPer.set(n.contactId, (notesPer.get(n.contactId) ?? 0) + 1);
      const everyContact = Array.from({ length: CONTACTS }, (_, n) => contactIdOf(n)).sort();
      expect([...updatesPer.keys()].sort()).toEqual(everyContact);
      expect([...notesPer.keys()].sort()).toEqual(everyContact);
      expect([...updatesPer.values()].filter((n) => n !== 1)).toEqual([]);
      expect([...notesPer.values()].filter((n) => n !== 1)).toEqual([]);
      for (const u of hubspot.updates) expect(u.properties).toMatchObject({ lifecyclestage: 'salesqualifiedlead', leadloop_fit_grade: expect.any(String) });
      for (const id of everyContact) expect(hubspot.contact(id)).toMatchObject({ lifecyclestage: 'salesqualifiedlead' });
      expect(hubspot.unexpected()).toEqual([]);
    } finally {
      await hubspot.close();
    }
  }, 90_000);

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
