import type { RevenueSlice } from './revenue-summary';

/** What marketing spent on one source or one campaign in one month (config/costs.json). */
export interface CostEntry {
  month: string;
  source?: string;
  campaign?: string;
  amount: number;
}

/** Cost against what it brought: null wherever a figure cannot be had (no cost given, nothing to divide by), never 0. */
export interface ReturnSlice {
  key: string;
  cost: number | null;
  mqls: number;
  costPerMql: number | null;
  /** Deals won by the period's MQLs so far, credited here. */
  customers: number;
  costPerCustomer: number | null;
  revenue: number;
  /** Revenue ÷ cost. */
  revenueOverCost: number | null;
}

export interface ReturnReport {
  bySource: ReturnSlice[];
  byCampaign: ReturnSlice[];
}

const round2 = (v: number) => Math.round(v * 100) / 100;

/**
 * Each source's or campaign's cost for [from, to): a month's cost counts by the share of its days in the period,
 * so a month's report takes the month's figure whole. Keys without any cost entry are absent (unknown, not 0).
 */
export function costsInPeriod(entries: readonly CostEntry[], kind: 'source' | 'campaign', from: number, to: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const e of entries) {
    const key = e[kind];
    if (key === undefined) continue;
    const [y, m] = e.month.split('-').map(Number) as [number, number];
    const start = Date.UTC(y, m - 1, 1);
    const end = Date.UTC(y, m, 1);
    const overlap = Math.min(end, to) - Math.max(start, from);
    if (overlap <= 0) continue;
    out.set(key, (out.get(key) ?? 0) + (e.amount * overlap) / (end - start));
  }
  return out;
}

const divide = (a: number | null, b: number | null) => (a === null || b === null || b === 0 ? null : round2(a / b));

/** The return of each key that had a cost, MQLs or revenue in the period. */
export function returnSlices(costs: ReadonlyMap<string, number>, mqls: ReadonlyMap<string, number>, revenue: readonly RevenueSlice[]): ReturnSlice[] {
  const won = new Map(revenue.map((s) => [s.key, s]));
  const keys = [...new Set([...costs.keys(), ...mqls.keys(), ...won.keys()])];
  return keys
    .map((key) => {
      const cost = costs.has(key) ? round2(costs.get(key)!) : null;
      const n = mqls.get(key) ?? 0;
      const w = won.get(key);
      const customers = w?.dealsWon ?? 0;
      const rev = w?.revenue ?? 0;
      return { key, cost, mqls: n, costPerMql: divide(cost, n), customers, costPerCustomer: divide(cost, customers), revenue: rev, revenueOverCost: divide(cost === null ? null : rev, cost) };
    })
    .sort((a, b) => (b.cost ?? -1) - (a.cost ?? -1) || b.mqls - a.mqls || a.key.localeCompare(b.key));
}
