import { creditDeal, type WonDeal } from '../../../src/domain/revenue-attribution';
import { summariseRevenue } from '../../../src/domain/revenue-summary';

const D = 86_400_000;
const T0 = Date.UTC(2026, 9, 1); // 1 October 2026

/**
 * One deal, two contacts (worked by hand):
 * - Ann: created day 0 from PAID_SEARCH / spring-launch; "Ebook" form day 2; clicked the "nurture" email day 5;
 *   "Demo request" form day 9; MQL day 10; "Pricing" form day 12.
 * - Bo: created day 4 from ORGANIC_SEARCH; "Demo request" day 6; MQL day 7 (the first MQL of the deal).
 * Won day 30 for 12,000. A touch on day 40 (after the win) never counts.
 */
const deal: WonDeal = {
  dealId: 'd1',
  amount: 12_000,
  wonAt: T0 + 30 * D,
  contacts: [
    {
      contactId: 'ann',
      mqlAt: T0 + 10 * D,
      touches: [
        { at: T0, source: 'PAID_SEARCH', sourceDetail: 'spring-launch', campaign: 'spring-launch' },
        { at: T0 + 2 * D, form: 'Ebook' },
        { at: T0 + 5 * D, campaign: 'nurture' },
        { at: T0 + 9 * D, form: 'Demo request' },
        { at: T0 + 12 * D, form: 'Pricing' },
        { at: T0 + 40 * D, form: 'After the win' },
      ],
    },
    {
      contactId: 'bo',
      mqlAt: T0 + 7 * D,
      touches: [
        { at: T0 + 4 * D, source: 'ORGANIC_SEARCH' },
        { at: T0 + 6 * D, form: 'Demo request' },
      ],
    },
  ],
};

const sorted = (credits: Array<{ key: string; share: number }>) => [...credits].sort((a, b) => a.key.localeCompare(b.key)).map((c) => [c.key, Math.round(c.share * 1000) / 1000]);

describe('revenue attribution models', () => {
  it('first touch: the original source, its drill-down, the first form and the first campaign of any contact', () => {
    expect(creditDeal(deal, 'source', 'firstTouch')).toEqual([{ key: 'PAID_SEARCH', share: 1 }]);
    expect(creditDeal(deal, 'sourceDetail', 'firstTouch')).toEqual([{ key: 'PAID_SEARCH / spring-launch', share: 1 }]);
    expect(creditDeal(deal, 'form', 'firstTouch')).toEqual([{ key: 'Ebook', share: 1 }]);
    expect(creditDeal(deal, 'campaign', 'firstTouch')).toEqual([{ key: 'spring-launch', share: 1 }]);
  });

  it('last touch before MQL: the first contact to become MQL (Bo, day 7), its last touch by then', () => {
    expect(creditDeal(deal, 'source', 'lastTouchBeforeMql')).toEqual([{ key: 'ORGANIC_SEARCH', share: 1 }]);
    expect(creditDeal(deal, 'form', 'lastTouchBeforeMql')).toEqual([{ key: 'Demo request', share: 1 }]);
    // Bo has no campaign touch: the deal's first campaign touch stands in.
    expect(creditDeal(deal, 'campaign', 'lastTouchBeforeMql')).toEqual([{ key: 'spring-launch', share: 1 }]);
  });

  it('last touch before MQL: without Bo, Ann’s last form before her MQL on day 10 (not the Pricing form of day 12)', () => {
    const annOnly = { ...deal, contacts: [deal.contacts[0]!] };
    expect(creditDeal(annOnly, 'form', 'lastTouchBeforeMql')).toEqual([{ key: 'Demo request', share: 1 }]);
    expect(creditDeal(annOnly, 'campaign', 'lastTouchBeforeMql')).toEqual([{ key: 'nurture', share: 1 }]);
  });

  it('last touch before MQL: no MQL among the contacts means the last touch before the win', () => {
    const noMql = { ...deal, contacts: deal.contacts.map((c) => ({ ...c, mqlAt: null })) };
    expect(creditDeal(noMql, 'form', 'lastTouchBeforeMql')).toEqual([{ key: 'Pricing', share: 1 }]);
  });

  it('linear: every touch up to the win, equal shares (forms: Ebook, Demo request ×2, Pricing → ¼, ½, ¼)', () => {
    expect(sorted(creditDeal(deal, 'form', 'linear'))).toEqual([['Demo request', 0.5], ['Ebook', 0.25], ['Pricing', 0.25]]);
    expect(sorted(creditDeal(deal, 'source', 'linear'))).toEqual([['ORGANIC_SEARCH', 0.5], ['PAID_SEARCH', 0.5]]);
  });

  it('a deal with no touch on a dimension is credited to (none), so the dimension still adds up', () => {
    const bare: WonDeal = { dealId: 'd2', amount: 500, wonAt: T0, contacts: [{ contactId: 'cy', mqlAt: null, touches: [{ at: T0 - D, source: 'DIRECT_TRAFFIC' }] }] };
    expect(creditDeal(bare, 'form', 'linear')).toEqual([{ key: '(none)', share: 1 }]);
    expect(creditDeal({ ...bare, contacts: [] }, 'source', 'firstTouch')).toEqual([{ key: '(none)', share: 1 }]);
  });
});

describe('revenue summary', () => {
  // Deal 2: 3,000 from a contact of PAID_SEARCH, MQL day 0, won day 20. Deal 3: no amount, ORGANIC_SEARCH, won day 40, MQL day 31.
  const d2: WonDeal = { dealId: 'd2', amount: 3_000, wonAt: T0 + 20 * D, contacts: [{ contactId: 'cy', mqlAt: T0, touches: [{ at: T0 - D, source: 'PAID_SEARCH', form: 'Demo request' }] }] };
  const d3: WonDeal = { dealId: 'd3', amount: null, wonAt: T0 + 40 * D, contacts: [{ contactId: 'di', mqlAt: T0 + 31 * D, touches: [{ at: T0 + 30 * D, source: 'ORGANIC_SEARCH' }] }] };

  it('first touch: revenue, deals won, average deal value and median days MQL → won by source', () => {
    const v = summariseRevenue([deal, d2, d3], 'firstTouch');
    // PAID_SEARCH: deal 1 (12,000, first MQL day 7 → won day 30: 23 days) and deal 2 (3,000, 20 days).
    expect(v.bySource).toEqual([
      { key: 'PAID_SEARCH', revenue: 15_000, dealsWon: 2, averageDealValue: 7_500, medianDaysMqlToWon: 21.5 },
      // Deal 3 has no amount: counted as won, left out of the average.
      { key: 'ORGANIC_SEARCH', revenue: 0, dealsWon: 1, averageDealValue: null, medianDaysMqlToWon: 9 },
    ]);
    expect(v.total).toEqual({ key: 'all', revenue: 15_000, dealsWon: 3, averageDealValue: 7_500, medianDaysMqlToWon: 20 });
  });

  it('linear: shares of deals and of revenue; every dimension adds up to the total', () => {
    const v = summariseRevenue([deal, d2], 'linear');
    // Forms: deal 1 gives Demo request ½ (6,000), Ebook ¼ (3,000), Pricing ¼ (3,000); deal 2 gives Demo request 1 (3,000).
    expect(v.byForm.map((s) => [s.key, s.revenue, s.dealsWon])).toEqual([['Demo request', 9_000, 1.5], ['Ebook', 3_000, 0.25], ['Pricing', 3_000, 0.25]]);
    expect(v.byForm.find((s) => s.key === 'Demo request')!.averageDealValue).toBe(6_000);
    for (const slices of [v.bySource, v.byForm, v.byCampaign, v.bySourceDetail]) expect(slices.reduce((n, s) => n + s.revenue, 0)).toBeCloseTo(15_000, 6);
  });
});
