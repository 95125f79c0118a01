import { createDecider } from '../../src/domain/decide';
import { createStore } from '../../src/store/create-store';
import type { Store } from '../../src/store/store-port';
import { createPgDatabase, queryDatabase } from '../helpers/test-database';
import { NOW, TARGET, testRules } from '../helpers/test-rules';

/**
 * A contact's bookkeeping (its SLA, its decision and score ledger) is read then written, and two writers of one
 * contact can meet on PostgreSQL: the worker and the card's "Re-score now", which scores the contact outside the
 * queue on whichever instance the request reached. Four instances here do it at once.
 */
const PORTAL = 7;
const HOUR = 3_600_000;

describe('a contact’s bookkeeping across instances (PostgreSQL)', () => {
  let stores: Store[] = [];
  let url: string;
  beforeEach(async () => {
    url = createPgDatabase();
    for (let i = 0; i < 4; i += 1) stores.push(await createStore(url, { poolMax: 2 }));
    await stores[0]!.applyContactChanges(PORTAL, '1', [{ name: 'email', value: 'x@example.com', at: NOW }], []);
  });
  afterEach(async () => {
    await Promise.all(stores.map((s) => s.close()));
    stores = [];
  });

  it('opens one SLA for the contact, not one per instance (two would each remind and escalate)', async () => {
    const opened = await Promise.all(
      stores.map((s, i) => s.openSlaItem({ portalId: PORTAL, contactId: '1', openedAt: NOW + i, ownerId: 'rep-1', clockStartAt: NOW + i, firstTouchDueAt: NOW + i + HOUR, firstTouchAt: null, touches: [], noticesGiven: [], status: 'open', nextCheckAt: NOW + i + HOUR })),
    );
    expect(queryDatabase(url, "select count(*)::int n from sla_items where status in ('open', 'overdue')")).toEqual([{ n: 1 }]);
    expect(new Set(opened.map((o) => o.id)).size).toBe(1);
  });

  it('records one decision and one ledger when the same decision is saved at once (no doubled history, no failed save)', async () => {
    const decision = createDecider(testRules(), 'h1')({ id: '1', properties: { ...TARGET, lifecyclestage: 'lead' } }, [], NOW);
    const saved = await Promise.allSettled(stores.map((s) => s.saveDecision(PORTAL, decision)));
    expect(saved.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(queryDatabase(url, 'select count(*)::int n from decisions')).toEqual([{ n: 1 }]);
    expect(await stores[0]!.ledgerOf(PORTAL, '1')).toHaveLength(decision.ledger.length);
  });
});
