import pg from 'pg';
import { createDecider } from '../../src/domain/decide';
import type { FunnelFacts } from '../../src/store/report-store-port';
import type { Store } from '../../src/store/store-port';
import { waitForLockWaiters } from '../helpers/pg-lock-waits';
import { queryDatabase } from '../helpers/test-database';
import { NOW, TARGET, testRules } from '../helpers/test-rules';
import { pgInstances } from '../helpers/pg-instances';

/**
 * A contact's bookkeeping (its SLA, its decision and score ledger) is read then written, and two writers of one
 * contact can meet on PostgreSQL: the worker and the card's "Re-score now", which scores the contact outside the
 * queue on whichever instance the request reached. Four instances here do it at once.
 */
const PORTAL = 7;
const HOUR = 3_600_000;

describe('a contact’s bookkeeping across instances (PostgreSQL)', () => {
  const instances = pgInstances();
  let stores: Store[] = [];
  let url: string;
  beforeEach(async () => {
    ({ url, stores } = await instances(4, 2));
    await stores[0]!.applyContactChanges(PORTAL, '1', [{ name: 'email', value: 'x@example.com', at: NOW }], []);
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

  // A stage is recorded once, at the first decision that shows it: a second writer, working from the row as it was
  // before the first committed, must not move the MQL time the first recorded. The test holds the funnel row so
  // that the first writer waits at its write, then lets the second start.
  it('keeps the MQL time the first writer recorded', async () => {
    const facts = (stage: string, at: number): FunnelFacts => ({ stage, at, source: null, campaign: null, firstForm: null, rejected: false, emailKey: null, nameKey: null, displayName: null });
    const [a, b] = stores;
    await a!.recordFunnel(PORTAL, '1', facts('lead', NOW));
    const holdRow = new pg.Client({ connectionString: url });
    await holdRow.connect();
    try {
      await holdRow.query('begin');
      await holdRow.query("select contact_id from contact_funnel where contact_id = '1' for update");
      const first = a!.recordFunnel(PORTAL, '1', facts('marketingqualifiedlead', NOW + HOUR));
      await waitForLockWaiters(url, 1, 'writers');
      const second = b!.recordFunnel(PORTAL, '1', facts('marketingqualifiedlead', NOW + 2 * HOUR));
      await waitForLockWaiters(url, 2, 'writers');
      await holdRow.query('commit');
      await Promise.all([first, second]);
      expect(queryDatabase(url, 'select lead_at, mql_at from contact_funnel')).toEqual([{ lead_at: NOW, mql_at: NOW + HOUR }]);
    } finally {
      await holdRow.end();
    }
  });
});
