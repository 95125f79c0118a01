import { createStore } from '../../src/store/create-store';
import type { NewWebhookEvent, Store } from '../../src/store/store-port';
import { createPgDatabase } from '../helpers/test-database';

/**
 * Four instances, each with its own connection (pool) to one database, claim from one queue at the same time, as
 * several leadloop processes on PostgreSQL do. Whatever the interleaving: no contact is ever held by two instances at once, each contact's events are taken in the order
 * they occurred, and every event is taken exactly once.
 */
const SUBJECTS = 60;
const EVENTS_PER_SUBJECT = 12;
const INSTANCES = 4;
const NOW = 5_000_000;

function event(subject: number, n: number): NewWebhookEvent {
  return {
    portalId: 7, subscriptionId: 1, eventId: `${subject}-${n}`, occurredAt: 1_000 + n, subscriptionType: 'contact.propertyChange',
    subjectKey: `7:contact:${subject}`, objectId: String(subject), propertyName: 'email', propertyValue: `v${n}`,
    changeSource: 'CRM_UI', sourceId: null, attemptNumber: 0, payload: '{}', status: 'pending',
  };
}

// PostgreSQL's test (npm run test:pg): SQLite serves one process (a second is refused: src/runtime/instance-lock.ts).
describe('queue claims across instances (PostgreSQL)', () => {
  let stores: Store[] = [];
  afterEach(async () => {
    await Promise.all(stores.map((s) => s.close()));
    stores = [];
  });

  it('never lets two instances hold one contact, keeps each contact\'s order, takes every event once', async () => {
    const url = createPgDatabase();
    stores = [];
    for (let i = 0; i < INSTANCES; i += 1) stores.push(await createStore(url, { poolMax: 3 }));
    // Interleaved so that the oldest rows of many subjects sit side by side (the claim reads candidates in order).
    const events: NewWebhookEvent[] = [];
    for (let n = 0; n < EVENTS_PER_SUBJECT; n += 1) for (let s = 0; s < SUBJECTS; s += 1) events.push(event(s, n));
    await stores[0]!.insertWebhookEvents(events, NOW);

    const holder = new Map<string, number>(); // subject → the instance holding it right now
    const lastTaken = new Map<string, number>(); // subject → the last event number taken
    const taken = new Map<string, number>(); // eventId → times taken
    const violations: string[] = [];

    const run = async (i: number) => {
      const store = stores[i]!;
      for (let idle = 0; idle < 3; ) {
        const claimed = await store.claimDueEvents(`instance-${i}`, NOW, 60_000, 5);
        if (claimed.length === 0) {
          idle += 1;
          await new Promise((r) => setImmediate(r));
          continue;
        }
        idle = 0;
        const subjects = [...new Set(claimed.map((e) => e.subjectKey))];
        for (const s of subjects) {
          if (holder.has(s)) violations.push(`${s} claimed by instance ${i} while instance ${holder.get(s)} holds it`);
          holder.set(s, i);
        }
        for (const e of claimed) {
          taken.set(e.eventId, (taken.get(e.eventId) ?? 0) + 1);
          const n = Number(e.eventId.split('-')[1]);
          if (n <= (lastTaken.get(e.subjectKey) ?? -1)) violations.push(`${e.eventId} taken after a later event of its contact`);
          lastTaken.set(e.subjectKey, n);
        }
        // Work takes a while, during which the other instances claim.
        await new Promise((r) => setTimeout(r, 2));
        for (const s of subjects) holder.delete(s);
        await store.completeEvents(claimed.map((e) => e.id), NOW);
      }
    };
    await Promise.all(stores.map((_, i) => run(i)));

    expect(violations).toEqual([]);
    expect(taken.size).toBe(SUBJECTS * EVENTS_PER_SUBJECT);
    expect([...taken.values()].filter((n) => n !== 1)).toEqual([]);
    expect(await stores[0]!.queueCounts()).toEqual({ pending: 0, processing: 0, dead: 0 });
  }, 60_000);
});
