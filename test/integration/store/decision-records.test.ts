import { createDecider } from '../../../src/domain/decide';
import type { Store } from '../../../src/store/store-port';
import { createTestStore } from '../../helpers/test-database';
import { NOW, testRules } from '../../helpers/test-rules';

/**
 * saveDecision records a decision when what a person would see changes (stage, cell, grade, rounded score, rules),
 * not on every recomputation, and always replaces the ledger. Its "unless the last one is the same" is one
 * statement: these cases pin what it must answer.
 */
describe('saveDecision: a decision row per change of outcome', () => {
  let store: Store;
  beforeEach(async () => {
    store = await createTestStore();
    await store.applyContactChanges(1, '7', [{ name: 'jobtitle', value: 'VP Sales', at: NOW }], []);
  });
  afterEach(() => store.close());

  const contact = { id: '7', properties: { jobtitle: 'VP Sales', lifecyclestage: 'lead' } };
  // The same contact decided under two rule versions: two outcomes (the rules' hash is part of it).
  const under = (hash: string, at = NOW, id = '7') => createDecider(testRules(), hash)({ ...contact, id }, [], at);

  it('records the first decision, skips a recomputation with the same outcome, and answers which it did', async () => {
    expect(await store.saveDecision(1, under('h1'))).toBe(true);
    expect(await store.saveDecision(1, under('h1', NOW + 60_000))).toBe(false);
    const rows = await store.listDecisions(1, '7');
    expect(rows.map((r) => [r.configHash, r.computedAt])).toEqual([['h1', NOW]]);
  });

  it('records a changed outcome, and a return to an earlier outcome (only the last one counts)', async () => {
    expect(await store.saveDecision(1, under('h1'))).toBe(true);
    expect(await store.saveDecision(1, under('h2', NOW + 1))).toBe(true);
    expect(await store.saveDecision(1, under('h1', NOW + 2))).toBe(true);
    expect(await store.saveDecision(1, under('h1', NOW + 3))).toBe(false);
    expect((await store.listDecisions(1, '7')).map((r) => [r.configHash, r.computedAt])).toEqual([
      ['h1', NOW],
      ['h2', NOW + 1],
      ['h1', NOW + 2],
    ]);
  });

  it('stores every field of the decision as decided', async () => {
    const d = under('h1');
    await store.saveDecision(1, d);
    expect(await store.listDecisions(1, '7')).toEqual([
      expect.objectContaining({
        computedAt: NOW,
        configHash: 'h1',
        stageFrom: d.stage.from,
        stageTo: d.stage.to,
        stageChanged: d.stage.changed,
        fitScore: d.fit.score,
        fitGrade: d.fit.grade,
        engagementScore: d.engagement.score,
        score: d.score,
        cell: d.cell,
        tactic: d.tactic.name,
        explanation: d.explanation,
      }),
    ]);
  });

  it('keeps each contact’s and each portal’s decisions apart', async () => {
    await store.applyContactChanges(2, '7', [], []);
    await store.applyContactChanges(1, '8', [], []);
    await store.saveDecision(1, under('h1'));
    expect(await store.saveDecision(2, under('h1'))).toBe(true);
    expect(await store.saveDecision(1, under('h1', NOW, '8'))).toBe(true);
    expect(await store.listDecisions(2, '7')).toHaveLength(1);
  });

  it('replaces the ledger even when no decision row is written', async () => {
    await store.saveDecision(1, under('h1'));
    const again = under('h1', NOW + 1);
    expect(again.ledger.length).toBeGreaterThan(0);
    expect(await store.saveDecision(1, again)).toBe(false);
    const ledger = await store.ledgerOf(1, '7');
    expect(ledger).toHaveLength(again.ledger.length);
    expect(new Set(ledger.map((l) => l.computedAt))).toEqual(new Set([NOW + 1]));
  });

  // On PostgreSQL the ledger is upserted by line and the lines past its end deleted, in the decision's statement.
  const line = (ruleId: string, points: number) => ({ ruleId, kind: 'fit' as const, description: `rule ${ruleId}`, evidence: `evidence of ${ruleId}`, points, at: NOW });
  const withLedger = (lines: ReturnType<typeof line>[], at: number, id = '7') => {
    const d = under('h1', at, id);
    return { ...d, explanation: d.explanation, ledger: lines };
  };
  const stored = async (id = '7') => (await store.ledgerOf(1, id)).map((l) => [l.ruleId, l.description, l.evidence, l.points, l.computedAt]);

  it('replaces a longer ledger with a shorter one: no line of the old one is left past the new end', async () => {
    await store.saveDecision(1, withLedger([line('a', 1), line('b', 2), line('c', 3)], NOW));
    await store.saveDecision(1, withLedger([line('z', 9)], NOW + 1));
    expect(await stored()).toEqual([['z', 'rule z', 'evidence of z', 9, NOW + 1]]);
  });

  it('replaces a shorter ledger with a longer one, every line rewritten in order', async () => {
    await store.saveDecision(1, withLedger([line('a', 1)], NOW));
    await store.saveDecision(1, withLedger([line('x', 4), line('y', -5), line('a', 6)], NOW + 1));
    expect(await stored()).toEqual([
      ['x', 'rule x', 'evidence of x', 4, NOW + 1],
      ['y', 'rule y', 'evidence of y', -5, NOW + 1],
      ['a', 'rule a', 'evidence of a', 6, NOW + 1],
    ]);
  });

  it('empties the ledger when the new decision has none, and leaves other contacts’ ledgers alone', async () => {
    await store.applyContactChanges(1, '8', [], []);
    await store.saveDecision(1, withLedger([line('a', 1), line('b', 2)], NOW));
    await store.saveDecision(1, withLedger([line('k', 3), line('l', 4)], NOW, '8'));
    await store.saveDecision(1, withLedger([], NOW + 1));
    expect(await stored()).toEqual([]);
    expect(await stored('8')).toEqual([
      ['k', 'rule k', 'evidence of k', 3, NOW],
      ['l', 'rule l', 'evidence of l', 4, NOW],
    ]);
  });
});
