import { costsInPeriod, returnSlices, type CostEntry, type ReturnReport } from './cost-return';
import type { AttributionModel, WonDeal } from './revenue-attribution';
import { summariseRevenue, type RevenueView } from './revenue-summary';

/**
 * Revenue and return by origin, for one period, in two readings:
 * - `wins`: the deals won in the period, whoever's MQLs they came from ("what marketing's past work closed now");
 * - `cohort`: the deals won so far by the contacts who became MQL in the period ("what this period's MQLs are
 *   worth"): it grows as their deals close, and it is what the period's costs are set against.
 */
export interface RevenueReport {
  model: AttributionModel;
  /** The currency of amounts and costs (the costs file's, which should be the portal's company currency); null when unknown. */
  currency: string | null;
  wins: RevenueView & { deals: number };
  cohort: RevenueView & { deals: number };
  /** Cost per MQL, per customer, revenue ÷ cost, for the cohort; every cost figure null where no cost was given. */
  return: ReturnReport & { costsGiven: boolean };
}

export function buildRevenueReport(input: {
  from: number;
  to: number;
  model: AttributionModel;
  wins: readonly WonDeal[];
  cohort: readonly WonDeal[];
  mqlsByOrigin: ReadonlyArray<{ source: string | null; campaign: string | null; mqls: number }>;
  costs: { currency?: string; costs: readonly CostEntry[] } | null;
}): RevenueReport {
  const wins = summariseRevenue(input.wins, input.model);
  const cohort = summariseRevenue(input.cohort, input.model);
  const count = (key: 'source' | 'campaign') => {
    const m = new Map<string, number>();
    for (const r of input.mqlsByOrigin) {
      const k = r[key] ?? (key === 'source' ? '(unknown)' : null);
      if (k !== null) m.set(k, (m.get(k) ?? 0) + r.mqls);
    }
    return m;
  };
  const entries = input.costs?.costs ?? [];
  return {
    model: input.model,
    currency: input.costs?.currency ?? null,
    wins: { ...wins, deals: input.wins.length },
    cohort: { ...cohort, deals: input.cohort.length },
    return: {
      costsGiven: entries.length > 0,
      bySource: returnSlices(costsInPeriod(entries, 'source', input.from, input.to), count('source'), cohort.bySource),
      byCampaign: returnSlices(costsInPeriod(entries, 'campaign', input.from, input.to), count('campaign'), cohort.byCampaign.filter((s) => s.key !== '(none)')),
    },
  };
}
