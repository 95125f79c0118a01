import pg from 'pg';
import type { Store } from '../../src/store/store-port';
import { waitForLockWaiters } from '../helpers/pg-lock-waits';
import { pgInstances } from '../helpers/pg-instances';

/**
 * Every worker instance sweeps interrupted notes each minute (start-leadloop.ts), with no lease: two sweeps at once
 * must never both take one pending note, or both look for it in HubSpot, find nothing yet, and write it twice (two
 * identical notes on the contact's timeline).
 */
const T0 = 1_790_000_000_000;
const LATER = T0 + 120_000; // the notes have been pending for two minutes: stale
const STALE_BEFORE = LATER - 60_000;
const NOTES = 100;

describe('note sweep across instances (PostgreSQL)', () => {
  const instances = pgInstances();

  const recordPending = async (store: Store) => {
    for (let i = 0; i < NOTES; i += 1) expect(await store.beginCrmWrite(`note:7:${i}:lead>mql`, 7, String(i), 'note', T0, '{}')).toBe('new');
  };

  it('gives each stale note to one sweep only, when four sweep at once', async () => {
    const { stores } = await instances(4, 2);
    await recordPending(stores[0]!);

    const taken = await Promise.all(stores.map((s) => s.takeStalePendingWrites('note', STALE_BEFORE, LATER, NOTES)));

    const keys = taken.flat().map((w) => w.key);
    expect(keys.length - new Set(keys).size).toBe(0); // none taken twice
    expect(new Set(keys).size).toBe(NOTES); // and none left behind
  }, 30_000);

  // The interleaving the test above meets only now and then, made to happen: sweep A has read the stale notes and
  // is marking them taken (the test holds one of their rows, so A waits, uncommitted), when sweep B starts.
  it('leaves to a sweep that is taking them the notes it has not committed yet', async () => {
    const { url, stores: [a, b] } = await instances(2, 1);
    await recordPending(a);
    const holdRow = new pg.Client({ connectionString: url });
    await holdRow.connect();
    try {
      await holdRow.query('begin');
      await holdRow.query("select write_key from crm_writes where write_key = 'note:7:50:lead>mql' for update");
      const sweepA = a.takeStalePendingWrites('note', STALE_BEFORE, LATER, NOTES);
      await waitForLockWaiters(url, 1, 'sweep A'); // A waits for the held row, the others it marked still uncommitted
      const sweepB = b.takeStalePendingWrites('note', STALE_BEFORE, LATER + 1, NOTES);
      await waitForLockWaiters(url, 2, 'sweep B'); // B waits too: for A's rows (or the held one)
      await holdRow.query('commit');
      const [tookA, tookB] = [await sweepA, await sweepB];

      expect(tookA.map((w) => w.key).sort()).toEqual(Array.from({ length: NOTES }, (_, i) => `note:7:${i}:lead>mql`).sort());
      expect(tookB).toEqual([]);
    } finally {
      await holdRow.end();
    }
  });
});
