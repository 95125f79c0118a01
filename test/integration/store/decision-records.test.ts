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
});
