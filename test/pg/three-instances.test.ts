import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { contactEvent, hubspotV3Headers } from '../helpers/hubspot-signing';
import { startRecordingHubspot } from '../helpers/recording-hubspot';
import type { SpawnedLeadloop } from '../helpers/spawn-leadloop';
import { auditRunsByMoment, invocationsByEvent, spawnRecordedLeadloop } from '../helpers/spawn-recorded-leadloop';
import { waitFor } from '../helpers/start-test-app';
import { createPgDatabase, execDatabase, queryDatabase } from '../helpers/test-database';

/**
 * Three leadloop processes on one PostgreSQL database, deliveries spread round-robin across them, one SIGKILLed
 * mid-burst and started again. Counted by a HubSpot double that records every write (duplicates included) and a
 * journal of every processor invocation and SLA audit run, not by the store's own rows.
 */
const SECRET = 'three-instances-secret-1234';
const PORTAL = 62515; // contactEvent's portal
const TOKEN = 'pat-na1-three-instances';
const CONTACTS = 97;
const BATCHES = 60;
const HOUR = 3_600_000;
const PER_BATCH = 50;
const contactIdOf = (n: number) => String(1001 + (n % CONTACTS));

type Batch = { events: Array<Record<string, unknown>>; status?: number };

describe('three instances on PostgreSQL', () => {
  it('one killed mid-burst: every acknowledged event processed exactly once, one note per stage change, one SLA audit per round', async () => {
    const hubspot = await startRecordingHubspot({
      portalId: PORTAL,
      token: TOKEN,
      contacts: Object.fromEntries(Array.from({ length: CONTACTS }, (_, n) => [contactIdOf(n), { email: `c${n}@acme-software.com`, company: 'Acme Software', hs_lead_status: 'CONNECTED', hubspot_owner_id: '7001' }])),
    });
    const databaseUrl = createPgDatabase();
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-three-'));
    // The SLA audit every 2 seconds, so a 30-second test sees rounds before, during and after the kill.
    const slaFile = path.join(root, 'sla.json');
    const sla = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../config/sla.json'), 'utf8')) as { audit: { schedule: string } };
    fs.writeFileSync(slaFile, JSON.stringify({ ...sla, audit: { ...sla.audit, schedule: '*/2 * * * * *' } }));
    const journal = path.join(root, 'journal.log');
    const readJournal = () => (fs.existsSync(journal) ? fs.readFileSync(journal, 'utf8') : '');
    const query = <T>(sql: string) => queryDatabase<T>(databaseUrl, sql);
    const envOf = (name: string) => ({
      DATABASE_URL: databaseUrl,
      DATABASE_POOL_MAX: '4',
      LEADLOOP_DATA_DIR: path.join(root, name),
      HUBSPOT_CLIENT_SECRET: SECRET,
      HUBSPOT_BASE_URL: hubspot.url,
      HUBSPOT_ACCESS_TOKEN: TOKEN,
      LEADLOOP_SLA_CONFIG: slaFile,
      // Longer than the moment between the kill and the snapshot below: what the killed one held stays its own.
      LEADLOOP_WORKER_LEASE_MS: '3000',
      LEADLOOP_WORKER_POLL_MS: '20',
      // Claims of 10 contacts, not 100: with 97 contacts, one claim of 100 takes all there is, and the instance that
      // polls first does nearly all the work; the kill is worth testing when every instance holds some.
      LEADLOOP_WORKER_BATCH_CONTACTS: '10',
      LEADLOOP_CRM_BATCH_WINDOW_MS: '5',
      LEADLOOP_HUBSPOT_MAX_REQUESTS: '100000',
    });
    const instances: SpawnedLeadloop[] = [];
    const stop = async (app: SpawnedLeadloop) => {
      if (app.child.exitCode !== null || app.child.signalCode !== null) return;
      app.child.kill('SIGTERM');
      await app.exited;
    };

    try {
      for (const name of ['a', 'b', 'c']) instances.push(await spawnRecordedLeadloop(envOf(name), journal));
      const [a, b, c] = instances as [SpawnedLeadloop, SpawnedLeadloop, SpawnedLeadloop];
      const batches: Batch[] = Array.from({ length: BATCHES }, (_, i) => ({
        events: Array.from({ length: PER_BATCH }, (_, j) => contactEvent({ objectId: Number(contactIdOf(i * PER_BATCH + j)), subscriptionType: 'contact.propertyChange', propertyName: 'email', propertyValue: `e${i}-${j}@x.io` })),
      }));

      // Up to 10 deliveries in flight (HubSpot's per-portal concurrency), round-robin over the live instances.
      const send = async (list: Batch[], targets: () => SpawnedLeadloop[], onAck?: (acked: number) => void, before?: (i: number) => Promise<void>) => {
        let next = 0;
        let acked = 0;
        await Promise.all(
          Array.from({ length: 10 }, async () => {
            for (let i = next++, batch = list[i]; batch; i = next++, batch = list[i]) {
              await before?.(i);
              const live = targets();
              const url = `${live[i % live.length]!.url}/webhooks/hubspot`;
              const body = JSON.stringify(batch.events);
              try {
                const res = await fetch(url, { method: 'POST', body, headers: hubspotV3Headers(SECRET, url, body) });
                batch.status = res.status;
                await res.arrayBuffer();
                if (res.ok) onAck?.(++acked);
              } catch {
                batch.status = 0; // the connection died with the process: no answer, HubSpot retries
              }
            }
          }),
        );
      };

      // The burst waits at its 20th delivery until the instances have finished some work; b is killed at the 30th
      // acknowledgement, with deliveries in flight to it.
      const someDone = () => query<{ n: number }>("select count(*) n from webhook_events where status = 'done'")[0]!.n > 0;
      const workDone = waitFor(() => hubspot.updates.length > 0 && someDone(), 20_000, 'some work done').catch((e: Error) => {
        throw new Error(`${e.message}; the first instance's last output:\n${instances[0]!.output().slice(-3000)}`);
      });
      workDone.catch(() => undefined);
      let killed = false;
      await send(
        batches,
        () => instances.filter((i) => i !== b || !killed),
        (acked) => {
          if (!killed && acked >= 30) killed = b.child.kill('SIGKILL');
        },
        async (i) => {
          if (i >= 20) await workDone;
        },
      );
      expect((await b.exited).signal).toBe('SIGKILL');
      // What b held when it died, read at once (its claims last 3 s: nobody else may have taken them yet).
      const atKill = new Map(query<{ event_id: string; status: string }>('select event_id, status from webhook_events').map((r) => [r.event_id, r.status]));
      const refused = batches.filter((x) => x.status !== 200);
      expect(batches.filter((x) => x.status === 200).length).toBeGreaterThanOrEqual(25);

      // b comes back; HubSpot retries what got no 2xx, spread over all three.
      const b2 = await spawnRecordedLeadloop(envOf('b'), journal);
      instances.push(b2);
      const retries: Batch[] = refused.map((x) => ({ events: x.events.map((e) => ({ ...e, attemptNumber: 1 })) }));
      await send(retries, () => [a, b2, c]);
      expect(retries.filter((x) => x.status !== 200)).toEqual([]);
      await waitFor(() => query<{ n: number }>("select count(*) n from webhook_events where status = 'done'")[0]!.n === BATCHES * PER_BATCH, 30_000, 'every event done');
      // A note the kill interrupted stays pending until a sweep finds it stale (a minute later): age the pending rows
      // by an hour instead of waiting, and let a fourth instance's start-up sweep finish them.
      execDatabase(databaseUrl, `update crm_writes set updated_at = updated_at - ${HOUR} where status = 'pending'`);
      const d = await spawnRecordedLeadloop(envOf('d'), journal);
      instances.push(d);
      await waitFor(() => query<{ n: number }>("select count(*) n from crm_writes where status = 'pending'")[0]!.n === 0, 15_000, 'notes written');
      // Let the audit go round a few more times on the three, and at least five times in all (however quickly the
      // work before was done).
      const roundsBefore = auditRunsByMoment(readJournal()).size;
      await waitFor(() => auditRunsByMoment(readJournal()).size >= Math.max(roundsBefore + 3, 5), 15_000, 'three more audit rounds, five in all');
      await Promise.all([a, b2, c, d].map(stop));

      // Every event: processed once; one b held when it died: at most once by b, then exactly once by a survivor.
      const lines = readJournal();
      const byKilled = invocationsByEvent(lines, b.child.pid);
      const all = invocationsByEvent(lines);
      const wrong: string[] = [];
      for (const batch of batches) {
        for (const e of batch.events) {
          const id = String(e.eventId);
          const k = byKilled.get(id) ?? 0;
          const survivors = (all.get(id) ?? 0) - k;
          const ok = k === 0 ? survivors === 1 : k === 1 && (atKill.get(id) === 'done' ? survivors === 0 : survivors === 1);
          if (!ok) wrong.push(`${id} (${atKill.get(id) ?? 'absent'} at the kill): ${k} by the killed instance + ${survivors} by the others`);
        }
      }
      expect(wrong).toEqual([]);
      expect([...new Set(lines.split('\n').filter((l) => l && !l.includes(' audit ')).map((l) => Number(l.split(' ')[0])))].length).toBeGreaterThanOrEqual(3); // the work was spread

      // HubSpot: one update and one note per contact (each contact's stage changed once).
      const count = (ids: string[]) => ids.reduce((m, id) => m.set(id, (m.get(id) ?? 0) + 1), new Map<string, number>());
      const updates = count(hubspot.updates.filter((u) => u.properties.lifecyclestage).map((u) => u.id));
      const notes = count(hubspot.notes.map((n) => n.contactId));
      const everyContact = Array.from({ length: CONTACTS }, (_, n) => contactIdOf(n)).sort();
      expect([...updates.keys()].sort()).toEqual(everyContact);
      expect([...notes.keys()].sort()).toEqual(everyContact);
      expect([...updates.values()].filter((n) => n !== 1)).toEqual([]);
      expect([...notes.values()].filter((n) => n !== 1)).toEqual([]);
      expect(hubspot.unexpected()).toEqual([]);

      // The SLA audit: each round ran on exactly one instance, and rounds went on while b was gone.
      const rounds = auditRunsByMoment(lines);
      expect(rounds.size).toBeGreaterThanOrEqual(5);
      expect([...rounds.entries()].filter(([, pids]) => pids.length !== 1)).toEqual([]);
    } finally {
      await Promise.all(instances.map(stop));
      await hubspot.close();
    }
  }, 120_000);
});
