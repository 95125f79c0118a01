import type { ReviewPack } from '../../../src/review/build-review-pack';
import { reviewCsv, reviewMarkdown } from '../../../src/review/render-review';
import { revenueBySourceOf, sectionsOf } from '../../../src/review/review-sections';

/** A pack with an empty month: what matters here is which sections render and how the revenue seam reads. */
function pack(extra: Record<string, unknown> = {}): ReviewPack {
  const share = { share: null, of: 0 };
  const slice = { key: 'all', counts: { lead: 0, mql: 0, sql: 0, opportunity: 0, customer: 0 }, conversion: { mql: null, sql: null, opportunity: null, customer: null } };
  return {
    month: '2026-11',
    generatedAt: '2026-12-01T14:00:00.000Z',
    dashboardUrl: null,
    owners: [],
    proposal: { code: 'CONTRACT.NO_TARGET', message: 'no revenue target' },
    report: {
      period: { from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' },
      contract: { commitment: 200, commitmentForPeriod: 200, mqlsDelivered: 0, terms: [], byWeek: [], firstTouchedInTime: share, hoursToFirstTouch: { median: null, p90: null }, attemptsPerLead: null, overdueNow: [] },
      funnel: { total: slice, bySource: [], byForm: [], byCampaign: [], medianDaysInStage: { lead: null, mql: null, sql: null, opportunity: null } },
      quality: { bySource: [], byForm: [] },
      calculator: { leadToOpportunity: null, opportunityToCustomer: null, plan: null, inputs: {} },
      duplicates: [],
      ...extra,
    },
  } as unknown as ReviewPack;
}

describe('the review sections', () => {
  it('renders the optional revenue section with dashes, never 0, when the report has no revenue', () => {
    const revenue = sectionsOf(pack()).find((s) => s.id === 'revenue')!;
    expect(revenue.optional).toBe(true);
    expect(revenue.table.rows).toEqual([['—', '—', '—', '—', '—', '—']]);
    expect(reviewMarkdown(pack())).toContain('## Revenue and return by source (optional)');
  });

  it('reads revenue by source when the report offers it; a missing cost stays a dash', () => {
    const p = pack({
      revenue: {
        wins: { bySource: [{ key: 'ORGANIC_SEARCH', revenue: 120000, dealsWon: 4, averageDealValue: 30000, medianDaysMqlToWon: 20 }] },
        return: { bySource: [{ key: 'ORGANIC_SEARCH', cost: null, mqls: 9, costPerMql: null, revenueOverCost: null }, { key: 'PAID_SEARCH', cost: 3000, mqls: 5, costPerMql: 600, revenueOverCost: 0 }] },
      },
    });
    expect(sectionsOf(p).find((s) => s.id === 'revenue')!.table.rows).toEqual([
      ['ORGANIC_SEARCH', '120000', '4', '30000', '—', '—'],
      ['PAID_SEARCH', '0', '0', '—', '600', '0'],
    ]);
    expect(reviewCsv(p)).toContain('revenue,ORGANIC_SEARCH,Revenue,120000');
    // A shape it cannot read is treated as absent, not as zeros.
    expect(revenueBySourceOf({ revenue: { wins: { bySource: [{ key: 1 }] }, return: { bySource: [] } } })).toBeNull();
  });

  it('says why there is no proposal', () => {
    expect(sectionsOf(pack()).find((s) => s.id === 'proposal')!.note).toBe('No proposal: no revenue target.');
  });
});
