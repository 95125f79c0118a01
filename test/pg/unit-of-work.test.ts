import { createDecider } from '../../src/domain/decide';
import { createStore } from '../../src/store/create-store';
import type { FunnelFacts } from '../../src/store/report-store-port';
import type { Store } from '../../src/store/store-port';
import { createPgDatabase, queryDatabase } from '../helpers/test-database';
import { NOW, TARGET, testRules } from '../helpers/test-rules';

/**
 * The worker keeps a contact's decision, funnel and SLA as one unit of work: on PostgreSQL, one transaction.
 * Kept whole or not at all, invisible to other instances until it ends, and its own reads see its writes.
 */
const PORTAL = 7;
const HOUR = 3_600_000;
const mqlFacts: FunnelFacts = { stage: 'marketingqualifiedlead', at: NOW, source: 'ORGANIC_SEARCH', campaign: null, firstForm: null, rejected: false, emailKey: null, nameKey: null, displayName: null };
const slaItem = (contactId: string) => ({ portalId: PORTAL, contactId, openedAt: NOW, ownerId: 'rep-1', clockStartAt: NOW, firstTouchDueAt: NOW + HOUR, firstTouchAt: null, touches: [], noticesGiven: [], status: 'open' as const, nextCheckAt: NOW + HOUR });
const rowCounts = (url: string) =>
  queryDatabase(url, "select (select count(*) from decisions)::int decisions, (select count(*) from score_ledger)::int ledger, (select count(*) from contact_funnel)::int funnel, (select count(*) from sla_items)::int sla");

describe('a unit of work (PostgreSQL)', () => {
  let store: Store;
  let url: string;
  // Every write of a row leaves a new version of it on its page: the row's position (ctid) counts them.
  const versionOf = () => Number(/,(\d+)\)/.exec(String((queryDatabase(url, "select ctid::text c from contacts where contact_id = '1'")[0] as { c: string }).c))![1]);
  const decision = () => createDecider(testRules(), 'h1')({ id: '1', properties: { ...TARGET, lifecyclestage: 'lead' } }, [], NOW);
  beforeEach(async () => {
    url = createPgDatabase();
    store = await createStore(url, { poolMax: 2 });
    await store.applyContactChanges(PORTAL, '1', [{ name: 'email', value: 'x@example.com', at: NOW }], []);
  });
  afterEach(() => store.close());

  it('keeps nothing of the decision, its ledger, the funnel or the SLA when the unit fails part-way', async () => {
    await expect(
      store.unitOfWork(async () => {
        await store.saveDecision(PORTAL, decision());
        await store.recordFunnel(PORTAL, '1', mqlFacts);
        await store.openSlaItem(slaItem('1'));
        throw new Error('the SLA bookkeeping failed');
      }),
    ).rejects.toThrow('the SLA bookkeeping failed');
    expect(rowCounts(url)).toEqual([{ decisions: 0, ledger: 0, funnel: 0, sla: 0 }]);
    // The store is usable after the rollback, and a retry keeps everything.
    await store.unitOfWork(async () => {
      await store.saveDecision(PORTAL, decision());
      await store.recordFunnel(PORTAL, '1', mqlFacts);
      await store.openSlaItem(slaItem('1'));
    });
    expect(rowCounts(url)).toEqual([{ decisions: 1, ledger: decision().ledger.length, funnel: 1, sla: 1 }]);
  });

  it('shows other sessions nothing until it ends, while its own reads see its writes', async () => {
    let seenOutside: unknown;
    let seenInside: { ledger: number; sla: string | null } | undefined;
    await store.unitOfWork(async () => {
      await store.saveDecision(PORTAL, decision());
      await store.openSlaItem(slaItem('1'));
      seenInside = { ledger: (await store.ledgerOf(PORTAL, '1')).length, sla: (await store.activeSlaItem(PORTAL, '1'))?.ownerId ?? null };
      seenOutside = rowCounts(url);
    });
    expect(seenOutside).toEqual([{ decisions: 0, ledger: 0, funnel: 0, sla: 0 }]);
    expect(seenInside).toEqual({ ledger: decision().ledger.length, sla: 'rep-1' });
    expect(rowCounts(url)).toEqual([{ decisions: 1, ledger: decision().ledger.length, funnel: 0, sla: 1 }]);
  });

  // Each transaction of the bookkeeping locks the contact by writing its row (an update that changes nothing); in one
  // unit the lock is held to the end, so it is written once. Every write of a row leaves a new version of it on its
  // page: the row's position (ctid) counts them.
  it('writes the contact’s row once for its lock, not once per transaction of the unit', async () => {
    const before = versionOf();
    await store.unitOfWork(async () => {
      await store.saveDecision(PORTAL, decision());
      await store.recordFunnel(PORTAL, '1', mqlFacts);
      await store.openSlaItem(slaItem('1'));
    });
    expect(versionOf() - before).toBe(1);
  });

  // The worker stores a contact's events and the CRM's values in the same unit: applyContactChanges' upsert already
  // holds the row's lock, so the bookkeeping after it takes none of its own. Its upsert and property update write
  // the row twice; a lock taken again would be a third.
  it('takes no second lock after the contact’s changes were applied in the same unit', async () => {
    const before = versionOf();
    await store.unitOfWork(async () => {
      await store.applyContactChanges(PORTAL, '1', [{ name: 'jobtitle', value: 'CTO', at: NOW + 1 }], []);
      await store.saveDecision(PORTAL, decision());
      await store.openSlaItem(slaItem('1'));
    });
    expect(versionOf() - before).toBe(2);
    expect(rowCounts(url)).toEqual([{ decisions: 1, ledger: decision().ledger.length, funnel: 0, sla: 1 }]);
  });

  it('runs units of several contacts at once on a pool of two connections, a unit inside a unit joining it', async () => {
    const contacts = ['11', '12', '13', '14', '15', '16'];
    for (const id of contacts) await store.applyContactChanges(PORTAL, id, [{ name: 'email', value: `${id}@example.com`, at: NOW }], []);
    await Promise.all(
      contacts.map((id) =>
        store.unitOfWork(async () => {
          await store.recordFunnel(PORTAL, id, mqlFacts);
          await store.unitOfWork(() => store.openSlaItem(slaItem(id)));
        }),
      ),
    );
    expect(queryDatabase(url, 'select count(*)::int funnel, (select count(*) from sla_items)::int sla from contact_funnel')).toEqual([{ funnel: 6, sla: 6 }]);
  });
});
