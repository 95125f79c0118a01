import type { DealPipeline } from '../../../src/domain/deal-outcome';
import { isWonStage, stageOutcome } from '../../../src/domain/deal-outcome';
import { createDealReader } from '../../../src/processing/read-deals';

const PORTAL = 24681357;
const T0 = Date.parse('2026-11-24T10:00:00Z');
// As HubSpot's pipelines API describes them: default ids in one pipeline, numeric ids in another (facts §11).
const PIPELINES: DealPipeline[] = [
  { id: 'default', stages: [{ id: 'contractsent', isClosed: false, probability: 0.9 }, { id: 'closedwon', isClosed: true, probability: 1 }, { id: 'closedlost', isClosed: true, probability: 0 }] },
  { id: '84210317', stages: [{ id: '152208442', isClosed: false, probability: 0.5 }, { id: '152208443', isClosed: true, probability: 1 }, { id: '152208444', isClosed: true, probability: 0 }] },
];

function fakeCrm(pipelines: () => DealPipeline[], deal: Record<string, string | null> | null = null) {
  const calls = { pipelines: 0, deals: 0 };
  return {
    calls,
    crm: {
      listDealPipelines: async () => (calls.pipelines++, pipelines()),
      readDeal: async () => (calls.deals++, deal),
      listDealContacts: async () => ['90412'],
    },
  };
}

describe('deal outcome (domain)', () => {
  it('is won when closed with probability 1.0, whatever the stage id', () => {
    expect(stageOutcome(PIPELINES, '152208443')).toBe('won');
    expect(stageOutcome(PIPELINES, 'closedwon')).toBe('won');
    expect(stageOutcome(PIPELINES, '152208444')).toBe('not_won');
    expect(stageOutcome(PIPELINES, 'contractsent')).toBe('not_won');
    expect(stageOutcome(PIPELINES, '999')).toBe('unknown');
    expect(isWonStage({ id: 'x', isClosed: false, probability: 1 })).toBe(false);
  });
});

describe('createDealReader', () => {
  it('decides from the portal’s pipelines, read once and kept', async () => {
    const f = fakeCrm(() => PIPELINES);
    const reader = createDealReader(f.crm, { now: () => T0 });
    expect(await reader.isWon(PORTAL, '1', '152208443')).toBe(true);
    expect(await reader.isWon(PORTAL, '1', '152208442')).toBe(false);
    expect(await reader.isWon(PORTAL, '2', 'closedwon')).toBe(true);
    expect(f.calls).toEqual({ pipelines: 1, deals: 0 });
  });

  it('reads the pipelines again for a stage added since, then asks the deal’s hs_is_closed_won', async () => {
    let current = PIPELINES;
    const f = fakeCrm(() => current, { hs_is_closed_won: 'true' });
    const reader = createDealReader(f.crm, { now: () => T0 });
    expect(await reader.isWon(PORTAL, '1', 'closedwon')).toBe(true);
    current = [...PIPELINES, { id: '3', stages: [{ id: '777', isClosed: true, probability: 1 }] }];
    expect(await reader.isWon(PORTAL, '1', '777')).toBe(true);
    expect(f.calls).toEqual({ pipelines: 2, deals: 0 });
    expect(await reader.isWon(PORTAL, '1', 'not-a-stage-anywhere')).toBe(true); // hs_is_closed_won says so
    expect(f.calls).toEqual({ pipelines: 3, deals: 1 });
  });

  it('falls back to hs_is_closed_won when the pipelines cannot be read', async () => {
    const f = fakeCrm(() => {
      throw new Error('403 missing scope');
    }, { hs_is_closed_won: 'false' });
    const reader = createDealReader(f.crm, { now: () => T0 });
    expect(await reader.isWon(PORTAL, '1', 'closedwon')).toBe(false);
    expect(f.calls.deals).toBe(1);
  });

  it('reads the pipelines again once the cache is older than its ttl', async () => {
    let clock = T0;
    const f = fakeCrm(() => PIPELINES);
    const reader = createDealReader(f.crm, { now: () => clock, ttlMs: 60_000 });
    await reader.isWon(PORTAL, '1', 'closedwon');
    clock = T0 + 59_999;
    await reader.isWon(PORTAL, '1', 'closedwon');
    clock = T0 + 60_000;
    await reader.isWon(PORTAL, '1', 'closedwon');
    expect(f.calls.pipelines).toBe(2);
  });
});
