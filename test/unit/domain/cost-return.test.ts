import { costsInPeriod, returnSlices } from '../../../src/domain/cost-return';
import type { RevenueSlice } from '../../../src/domain/revenue-summary';

const NOV = [Date.UTC(2026, 10, 1), Date.UTC(2026, 11, 1)] as const;
const costs = [
  { month: '2026-11', source: 'PAID_SEARCH', amount: 3_000 },
  { month: '2026-10', source: 'PAID_SEARCH', amount: 9_999 }, // another month: not November's
  { month: '2026-11', campaign: 'spring-launch', amount: 600 },
];

describe('return on marketing costs', () => {
  it('takes a month’s cost whole for its month, and pro rata by days for part of it', () => {
    expect(costsInPeriod(costs, 'source', ...NOV)).toEqual(new Map([['PAID_SEARCH', 3_000]]));
    expect(costsInPeriod(costs, 'campaign', ...NOV)).toEqual(new Map([['spring-launch', 600]]));
    // 1–10 November: 10 of 30 days → 1,000.
    expect(costsInPeriod(costs, 'source', NOV[0], Date.UTC(2026, 10, 11)).get('PAID_SEARCH')).toBeCloseTo(1_000, 6);
  });

  it('cost per MQL, per customer and revenue ÷ cost; “unknown” (null) where no cost was given, never 0', () => {
    const revenue: RevenueSlice[] = [
      { key: 'PAID_SEARCH', revenue: 12_000, dealsWon: 2, averageDealValue: 6_000, medianDaysMqlToWon: 20 },
      { key: 'ORGANIC_SEARCH', revenue: 5_000, dealsWon: 1, averageDealValue: 5_000, medianDaysMqlToWon: 9 },
    ];
    const mqls = new Map([['PAID_SEARCH', 8], ['ORGANIC_SEARCH', 5], ['REFERRALS', 2]]);
    const slices = returnSlices(costsInPeriod(costs, 'source', ...NOV), mqls, revenue);
    expect(slices).toEqual([
      { key: 'PAID_SEARCH', cost: 3_000, mqls: 8, costPerMql: 375, customers: 2, costPerCustomer: 1_500, revenue: 12_000, revenueOverCost: 4 },
      { key: 'ORGANIC_SEARCH', cost: null, mqls: 5, costPerMql: null, customers: 1, costPerCustomer: null, revenue: 5_000, revenueOverCost: null },
      { key: 'REFERRALS', cost: null, mqls: 2, costPerMql: null, customers: 0, costPerCustomer: null, revenue: 0, revenueOverCost: null },
    ]);
  });

  it('a cost with no MQL or customer yet: cost per MQL and per customer unknown, return 0', () => {
    const [s] = returnSlices(new Map([['spring-launch', 600]]), new Map(), []);
    expect(s).toEqual({ key: 'spring-launch', cost: 600, mqls: 0, costPerMql: null, customers: 0, costPerCustomer: null, revenue: 0, revenueOverCost: 0 });
  });
});
