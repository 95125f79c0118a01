import pg from 'pg';
import type { NewWebhookEvent } from '../../src/store/store-port';
import { waitForLockWaiters } from '../helpers/pg-lock-waits';
import { pgInstances } from '../helpers/pg-instances';

/**
 * Four instances, each with its own connection (pool) to one database, claim from one queue at the same time, as
 * several leadloop processes on PostgreSQL do. Whatever the interleaving: no contact is ever held by two instances at once, each contact's events are taken in the order
 * they occurred, and every event is taken exactly once.
 */
const SUBJECTS = 60;
const EVENTS_PER_SUBJECT = 20;
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
  const instances = pgInstances();

  it('never lets two instances hold one contact, keeps each contact\'s order, takes every event once', async () => {
    const { url, stores } = await instances(INSTANCES, 3);
    // Interleaved so that the oldest rows of many subjects sit side by side (the claim reads candidates in order).
    // Half the events are queued before the instances start; the rest arrive one by one while they claim, through
    // an intake of its own (a web instance): a claim must not take the newcomer of a contact another claim is taking.
    const events: NewWebhookEvent[] = [];
    for (let n = 0; n < EVENTS_PER_SUBJECT; n += 1) for (let s = 0; s < SUBJECTS; s += 1) events.push(event(s, n));
    const early = events.slice(0, events.length / 2);
    const late = events.slice(events.length / 2);
    await stores[0]!.insertWebhookEvents(early, NOW);
    const {
      stores: [intake],
    } = await instances(1, 1, url);
    stores.push(intake);
    let arriving = true;
    const arrive = async () => {
      for (const e of late) await intake.insertWebhookEvents([e], NOW);
      arriving = false;
    };

    const holder = new Map<string, number>(); // subject → the instance holding it right now
    const lastTaken = new Map<string, number>(); // subject → the last event number taken
    const taken = new Map<string, number>(); // eventId → times taken
    const violations: string[] = [];

    const run = async (i: number) => {
      const store = stores[i]!;
      // Until the queue is empty (not "until a few claims came back empty": a claim may find every candidate
      // taken by the others at that moment, and stopping then would leave work behind).
      for (;;) {
        const claimed = await store.claimDueEvents(`instance-${i}`, NOW, 60_000, 5);
        if (claimed.length === 0) {
          const { pending, processing } = await store.queueCounts();
          if (!arriving && pending + processing === 0) return;
          await new Promise((r) => setTimeout(r, 1));
          continue;
        }
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
    await Promise.all([arrive(), ...Array.from({ length: INSTANCES }, (_, i) => run(i))]);

    expect(violations).toEqual([]);
    expect(taken.size).toBe(SUBJECTS * EVENTS_PER_SUBJECT);
    expect([...taken.values()].filter((n) => n !== 1)).toEqual([]);
    expect(await stores[0]!.queueCounts()).toEqual({ pending: 0, processing: 0, dead: 0 });
  }, 60_000);

  // The interleaving the test above meets only now and then, made to happen: claim A has taken contact S and not
  // committed yet (the test holds one of S's rows, so A's update waits), a new event of S arrives, then claim B
  // starts. B must pass S over: B's snapshot cannot see A's uncommitted claim, so only S's lock keeps B from
  // taking the newcomer while A holds the rest.
  it('passes over a contact another claim is taking, even its newest event', async () => {
    const { url, stores: [a, b, intake] } = await instances(3, 1);
    const holdRow = new pg.Client({ connectionString: url });
    await holdRow.connect();
    try {
      // S = subject 1 (3 events), T = subject 2 (2 events, younger): a claim of one subject reads S first, then T.
      await intake.insertWebhookEvents([event(1, 0), event(1, 1), event(1, 2), event(2, 0), event(2, 1)], NOW);
      await holdRow.query('begin');
      await holdRow.query("select id from webhook_events where event_id = '1-0' for update");
      const claimA = a.claimDueEvents('A', NOW, 60_000, 1);
      await waitForLockWaiters(url, 1, 'claim A'); // A holds S (its lock, two of its rows) and waits for the third
      await intake.insertWebhookEvents([event(1, 3)], NOW); // S's newcomer, committed
      let bDone = false;
      const claimB = b.claimDueEvents('B', NOW, 60_000, 1).finally(() => (bDone = true));
      // B either answers (it passed S over) or waits for S's row too (it went for S): wait for whichever comes.
      await waitForLockWaiters(url, 2, 'claim B', () => bDone);
      await holdRow.query('commit');
      const [tookA, tookB] = [await claimA, await claimB];

      expect(tookA.map((e) => e.eventId)).toEqual(['1-0', '1-1', '1-2']);
      expect(tookB.map((e) => e.eventId)).toEqual(['2-0', '2-1']);
    } finally {
      await holdRow.end();
    }
  });
});
