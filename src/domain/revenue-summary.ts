import { creditDeal, DIMENSIONS, type AttributionModel, type Dimension, type WonDeal } from './revenue-attribution';

/** Revenue credited to one origin (a source, a drill-down, a form or a campaign). */
export interface RevenueSlice {
  key: string;
  /** Sum of the credited shares of the deals' amounts, in the portal's company currency. */
  revenue: number;
  /** Deals credited, as shares (a linear credit can give a source 0.5 of a deal). */
  dealsWon: number;
  /** Revenue over the deals that had an amount; null when none had one. */
  averageDealValue: number | null;
  /** Median days from the deal's first MQL to its win, over the deals credited here that had an MQL. */
  medianDaysMqlToWon: number | null;
}

/** One set of won deals, credited on every dimension. */
export interface RevenueView {
  total: RevenueSlice;
  bySource: RevenueSlice[];
  bySourceDetail: RevenueSlice[];
  byForm: RevenueSlice[];
  byCampaign: RevenueSlice[];
}

const DAY = 86_400_000;
const round = (v: number, places: number) => Math.round(v * 10 ** places) / 10 ** places;
function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Days from the first of the deal's contacts to become MQL until the win; null when none did. */
export function daysMqlToWon(deal: WonDeal): number | null {
  const mqls = deal.contacts.map((c) => c.mqlAt).filter((t): t is number => t !== null);
  return mqls.length === 0 ? null : (deal.wonAt - Math.min(...mqls)) / DAY;
}

function sliceOf(key: string, credits: ReadonlyArray<{ deal: WonDeal; share: number }>): RevenueSlice {
  const withAmount = credits.filter((c) => c.deal.amount !== null);
  const revenue = withAmount.reduce((n, c) => n + c.deal.amount! * c.share, 0);
  const counted = withAmount.reduce((n, c) => n + c.share, 0);
  const days = median(credits.map((c) => daysMqlToWon(c.deal)).filter((d): d is number => d !== null));
  return {
    key,
    revenue: round(revenue, 2),
    dealsWon: round(credits.reduce((n, c) => n + c.share, 0), 2),
    averageDealValue: counted === 0 ? null : round(revenue / counted, 2),
    medianDaysMqlToWon: days === null ? null : round(days, 1),
  };
}

/** Each dimension's slices, most revenue first; every dimension's revenue adds up to the total's. */
export function summariseRevenue(deals: readonly WonDeal[], model: AttributionModel): RevenueView {
  const byDimension = (d: Dimension) => {
    const groups = new Map<string, Array<{ deal: WonDeal; share: number }>>();
    for (const deal of deals) {
      for (const c of creditDeal(deal, d, model)) {
        const list = groups.get(c.key) ?? [];
        list.push({ deal, share: c.share });
        groups.set(c.key, list);
      }
    }
    return [...groups].map(([key, credits]) => sliceOf(key, credits)).sort((a, b) => b.revenue - a.revenue || b.dealsWon - a.dealsWon || a.key.localeCompare(b.key));
  };
  const [bySource, bySourceDetail, byForm, byCampaign] = DIMENSIONS.map(byDimension) as [RevenueSlice[], RevenueSlice[], RevenueSlice[], RevenueSlice[]];
  return { total: sliceOf('all', deals.map((deal) => ({ deal, share: 1 }))), bySource, bySourceDetail, byForm, byCampaign };
}
