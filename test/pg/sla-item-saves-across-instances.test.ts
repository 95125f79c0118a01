import pg from 'pg';
import type { StoredSlaItem } from '../../src/store/sla-store-port';
import type { Store } from '../../src/store/store-port';
import { waitForLockWaiters } from '../helpers/pg-lock-waits';
import { pgInstances } from '../helpers/pg-instances';

/**
 * An SLA item is read, changed and saved whole by two writers: the audit (one instance, under its lease: it reads
 * the due items, sends their notices, then saves) and the tracker (any instance, as the contact's events come:
 * a touch, sales accepting the lead). A save based on what the row held before the other's save must not undo it:
 * the audit writing back an item without the touch the rep just logged chases (and escalates) a lead already touched.
 */
const T0 = 1_790_000_000_000;
const HOUR = 3_600_000;

describe('SLA item saves across instances (PostgreSQL)', () => {
  const instances = pgInstances();

  const openItem = async (store: Store) =>
    store.openSlaItem({ portalId: 7, contactId: '1', openedAt: T0, ownerId: 'rep-1', clockStartAt: T0, firstTouchDueAt: T0 + HOUR, firstTouchAt: null, touches: [], noticesGiven: [], status: 'open', nextCheckAt: T0 + HOUR });
  const touched = (item: StoredSlaItem): StoredSlaItem => ({ ...item, touches: [T0 + 50 * 60_000], firstTouchAt: T0 + 50 * 60_000, status: 'met', nextCheckAt: null, closedReason: null });
  const noticed = (item: StoredSlaItem): StoredSlaItem => ({ ...item, noticesGiven: ['first-touch-breach'], status: 'overdue', nextCheckAt: T0 + 2 * HOUR });

  it("keeps a touch saved while the audit was notifying: the audit's save of what it read before is refused", async () => {
    const { url, stores: [audit, tracker] } = await instances(2, 1);
    await openItem(audit);
    const [readByAudit] = await audit.dueSlaItems(T0 + HOUR, 10); // the audit reads the due item, then notifies…
    const readByTracker = (await tracker.activeSlaItem(7, '1'))!;
    const trackerSaved = await tracker.saveSlaItem(touched(readByTracker), T0 + 50 * 60_000 + 1, readByTracker); // …the rep's call arrives
    const auditSaved = await audit.saveSlaItem(noticed(readByAudit!), T0 + HOUR + 5, readByAudit!);

    const { rows } = await query(url, 'select touches, status from sla_items');
    expect(rows).toEqual([{ touches: JSON.stringify([T0 + 50 * 60_000]), status: 'met' }]);
    expect([trackerSaved, auditSaved]).toEqual([true, false]);
  });

  // Both save at the same moment, each from the same read (the test holds the row so that both wait for it, then
  // lets them go): one save only is written, the other told so.
  it('writes one of two saves based on the same read, never the second over the first', async () => {
    const { url, stores: [a, b] } = await instances(2, 1);
    await openItem(a);
    const read = (await a.activeSlaItem(7, '1'))!;
    const holdRow = new pg.Client({ connectionString: url });
    await holdRow.connect();
    try {
      await holdRow.query('begin');
      await holdRow.query('select id from sla_items for update');
      const saves = [b.saveSlaItem(touched(read), T0 + HOUR, read), a.saveSlaItem(noticed(read), T0 + HOUR, read)];
      await waitForLockWaiters(url, 2, 'saves');
      await holdRow.query('commit');
      const results = await Promise.all(saves);
      const { rows } = await query(url, 'select touches, notices_given from sla_items');
      // whichever went first is all there is: the touch alone, or the notice alone
      const touchOnly = { touches: JSON.stringify([T0 + 50 * 60_000]), notices_given: '[]' };
      const noticeOnly = { touches: '[]', notices_given: JSON.stringify(['first-touch-breach']) };
      expect([[touchOnly], [noticeOnly]]).toContainEqual(rows);
      expect(results).toEqual(rows[0].touches === '[]' ? [false, true] : [true, false]);
    } finally {
      await holdRow.end();
    }
  });
});

async function query(url: string, text: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await c.query(text);
  } finally {
    await c.end();
  }
}

