import { createTestStore } from '../../helpers/test-database';
import { aggregateFunnel, type FunnelFacts } from '../../../src/domain/closed-loop-report';
import type { Store } from '../../../src/store/store-port';
import { seedReportHistory } from '../../../src/bench/seed-report-history';

const DAY = 86_400_000;
const sorted = (f: FunnelFacts) => ({
  cohort: [...f.cohort].map((g) => JSON.stringify(g)).sort(),
  quality: [...f.quality].map((g) => JSON.stringify(g)).sort(),
  durations: Object.fromEntries(Object.entries(f.durations).map(([k, v]) => [k, [...v].sort((a, b) => a - b)])),
  mqlTimes: [...f.mqlTimes].sort((a, b) => a - b),
});

describe('the store’s funnel counts', () => {
  let store: Store;
  const now = Date.parse('2026-11-20T12:00:00Z');
  beforeAll(async () => {
    store = await createTestStore();
    await seedReportHistory(store, 5000, now);
  });
  afterAll(() => store.close());

  it.each([
    ['this month', Date.parse('2026-11-01T00:00:00Z'), Date.parse('2026-12-01T00:00:00Z')],
    ['a year', now - 365 * DAY, now + DAY],
    ['an empty week long ago', Date.parse('2020-01-01T00:00:00Z'), Date.parse('2020-01-08T00:00:00Z')],
  ])('agree with the definition over %s (aggregate SQL = aggregateFunnel over the rows)', async (_what, from, to) => {
    const counted = await store.funnelCounts(from, to);
    const defined = aggregateFunnel(await store.funnelRows(from, to), from, to);
    expect(sorted(counted)).toEqual(sorted(defined));
  });

  it('finds the people who are in twice', async () => {
    const groups = await store.duplicateGroups(1000);
    expect(groups.length).toBeGreaterThan(10);
    for (const g of groups) expect(g.contacts.length).toBeGreaterThan(1);
    expect(groups.filter((g) => g.reason === 'email').length).toBe(groups.filter((g) => g.reason === 'name+domain').length);
  });

  it('records the stages a decision shows, first time only, skipped stages included', async () => {
    const base = { source: 'REFERRALS', campaign: null, firstForm: 'Demo request', rejected: false, emailKey: 'x@y.example', nameKey: null, displayName: 'X' };
    await store.recordFunnel(9, 'c1', { ...base, stage: 'lead', at: 1000 });
    await store.recordFunnel(9, 'c1', { ...base, stage: 'salesqualifiedlead', at: 2000 });
    await store.recordFunnel(9, 'c1', { ...base, stage: 'salesqualifiedlead', at: 3000, firstForm: 'Newsletter sign-up' });
    const [row] = await store.funnelRows(0, 10_000, 9);
    expect(row).toMatchObject({ leadAt: 1000, mqlAt: 2000, sqlAt: 2000, opportunityAt: null, firstForm: 'Demo request' });
  });
});
