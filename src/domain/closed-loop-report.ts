import { planContract, type ContractPlan } from './contract-calculator';
import type { ContractVersion } from './contract-versions';
import { commitmentOver, judgeContract, type ContractSegmentReport } from './judge-contract';

/** The store's facts the report is built from (see store/report-store-port.ts). */
export interface ReportFunnelRow {
  source: string | null;
  campaign: string | null;
  firstForm: string | null;
  leadAt: number | null;
  mqlAt: number | null;
  sqlAt: number | null;
  opportunityAt: number | null;
  customerAt: number | null;
  rejectedAt: number | null;
}
export interface ReportSlaRow {
  ownerId: string | null;
  openedAt: number;
  firstTouchDueAt: number;
  firstTouchAt: number | null;
  touches: number;
}

/** The funnel, counted: what the store's aggregate queries return (and `aggregateFunnel` computes from rows). */
export interface FunnelFacts {
  /** The period's cohort (leads of the period, or MQLs of it that skipped lead), grouped by origin. */
  cohort: Array<{ source: string | null; form: string | null; campaign: string | null; lead: number; mql: number; sql: number; opportunity: number; customer: number }>;
  /** MQLs of the period by origin: accepted (reached SQL) or rejected (UNQUALIFIED without SQL). */
  quality: Array<{ source: string | null; form: string | null; mqls: number; accepted: number; rejected: number }>;
  /** For the cohort, ms spent between consecutive stages (one entry per contact that made the step). */
  durations: { lead: number[]; mql: number[]; sql: number[]; opportunity: number[] };
  /** MQL times of the period. */
  mqlTimes: number[];
}

const inRange = (t: number | null, from: number, to: number) => t !== null && t >= from && t < to;

/** The facts from plain rows: the definition the SQL aggregates must agree with (a test holds them to it). */
export function aggregateFunnel(rows: readonly ReportFunnelRow[], from: number, to: number): FunnelFacts {
  const cohortRows = rows.filter((r) => inRange(r.leadAt, from, to) || (r.leadAt === null && inRange(r.mqlAt, from, to)));
  const cohort = new Map<string, FunnelFacts['cohort'][number]>();
  for (const r of cohortRows) {
    const k = JSON.stringify([r.source, r.firstForm, r.campaign]);
    const g = cohort.get(k) ?? { source: r.source, form: r.firstForm, campaign: r.campaign, lead: 0, mql: 0, sql: 0, opportunity: 0, customer: 0 };
    g.lead += r.leadAt !== null ? 1 : 0;
    g.mql += r.mqlAt !== null ? 1 : 0;
    g.sql += r.sqlAt !== null ? 1 : 0;
    g.opportunity += r.opportunityAt !== null ? 1 : 0;
    g.customer += r.customerAt !== null ? 1 : 0;
    cohort.set(k, g);
  }
  const quality = new Map<string, FunnelFacts['quality'][number]>();
  const mqlRows = rows.filter((r) => inRange(r.mqlAt, from, to));
  for (const r of mqlRows) {
    const k = JSON.stringify([r.source, r.firstForm]);
    const g = quality.get(k) ?? { source: r.source, form: r.firstForm, mqls: 0, accepted: 0, rejected: 0 };
    g.mqls += 1;
    g.accepted += r.sqlAt !== null ? 1 : 0;
    g.rejected += r.rejectedAt !== null && r.sqlAt === null ? 1 : 0;
    quality.set(k, g);
  }
  const steps = (a: keyof ReportFunnelRow, b: keyof ReportFunnelRow) => cohortRows.filter((r) => r[a] !== null && r[b] !== null).map((r) => (r[b] as number) - (r[a] as number));
  return {
    cohort: [...cohort.values()],
    quality: [...quality.values()],
    durations: { lead: steps('leadAt', 'mqlAt'), mql: steps('mqlAt', 'sqlAt'), sql: steps('sqlAt', 'opportunityAt'), opportunity: steps('opportunityAt', 'customerAt') },
    mqlTimes: mqlRows.map((r) => r.mqlAt!),
  };
}

export const FUNNEL_STAGES = ['lead', 'mql', 'sql', 'opportunity', 'customer'] as const;
type Stage = (typeof FUNNEL_STAGES)[number];

export interface FunnelSlice {
  key: string;
  counts: Record<Stage, number>;
  /** Each stage over the one before it (null when the one before is empty). */
  conversion: Record<Exclude<Stage, 'lead'>, number | null>;
}

export interface QualitySlice {
  key: string;
  mqls: number;
  accepted: number;
  rejected: number;
  acceptedShare: number | null;
  rejectedShare: number | null;
}

export interface ClosedLoopReport {
  period: { from: string; to: string };
  contract: {
    commitment: number;
    /** The commitment for the period (pro rata of the monthly figure by days). */
    commitmentForPeriod: number;
    mqlsDelivered: number;
    /** The period cut where the contract changed, each piece judged against the version in force then. */
    terms: ContractSegmentReport[];
    byWeek: Array<{ weekStart: string; mqls: number; commitment: number }>;
    firstTouchedInTime: { share: number | null; of: number };
    hoursToFirstTouch: { median: number | null; p90: number | null };
    attemptsPerLead: number | null;
    /** Who owes follow-ups right now; `ownerName` when the CRM told us (a person needs names, not ids). */
    overdueNow: Array<{ ownerId: string | null; ownerName: string | null; overdue: number }>;
  };
  funnel: { total: FunnelSlice; bySource: FunnelSlice[]; byForm: FunnelSlice[]; byCampaign: FunnelSlice[]; medianDaysInStage: Record<'lead' | 'mql' | 'sql' | 'opportunity', number | null> };
  quality: { bySource: QualitySlice[]; byForm: QualitySlice[] };
  calculator: { leadToOpportunity: number | null; opportunityToCustomer: number | null; plan: ContractPlan | null; inputs: { revenuePerMonth?: number; averageDealValue?: number } };
}

const DAY = 86_400_000;
const ratio = (a: number, b: number) => (b === 0 ? null : Math.round((a / b) * 1000) / 1000);
function quantile(values: number[], q: number): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
}
const round1 = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);

function slice(key: string, groups: readonly FunnelFacts['cohort'][number][]): FunnelSlice {
  const counts = Object.fromEntries(FUNNEL_STAGES.map((s) => [s, groups.reduce((n, g) => n + g[s], 0)])) as Record<Stage, number>;
  return { key, counts, conversion: { mql: ratio(counts.mql, counts.lead), sql: ratio(counts.sql, counts.mql), opportunity: ratio(counts.opportunity, counts.sql), customer: ratio(counts.customer, counts.opportunity) } };
}
function groupBy<T>(rows: readonly T[], key: (r: T) => string | null): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r) ?? '(unknown)';
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}
function quality(key: string, groups: readonly FunnelFacts['quality'][number][]): QualitySlice {
  const mqls = groups.reduce((n, g) => n + g.mqls, 0);
  const accepted = groups.reduce((n, g) => n + g.accepted, 0);
  const rejected = groups.reduce((n, g) => n + g.rejected, 0);
  return { key, mqls, accepted, rejected, acceptedShare: ratio(accepted, mqls), rejectedShare: ratio(rejected, mqls) };
}

/**
 * The monthly report marketing and sales meet around, from facts the store keeps: MQLs against the commitment,
 * the SLA kept, the funnel by source, form and campaign, sales' verdict on each channel, and what the revenue
 * target needs. Pure: the same facts give the same report, whoever asks.
 */
export function buildClosedLoopReport(input: {
  from: number;
  to: number;
  facts: FunnelFacts;
  sla: readonly ReportSlaRow[];
  overdueNow: Array<{ ownerId: string | null; ownerName?: string | null; overdue: number }>;
  monthlyCommitment: number;
  /** The contract's recorded versions (none: `monthlyCommitment` judges the whole period). */
  versions?: readonly ContractVersion[];
  revenuePerMonth?: number;
  averageDealValue?: number;
  leadToOpportunity?: number;
  opportunityToCustomer?: number;
}): ClosedLoopReport {
  const { from, to, facts } = input;
  const days = Math.max(1, (to - from) / DAY);
  const versions = input.versions ?? [];
  const byWeek: ClosedLoopReport['contract']['byWeek'] = [];
  for (let w = from; w < to; w += 7 * DAY) {
    const end = Math.min(to, w + 7 * DAY);
    byWeek.push({ weekStart: new Date(w).toISOString().slice(0, 10), mqls: facts.mqlTimes.filter((t) => t >= w && t < end).length, commitment: Math.round(commitmentOver(w, end, versions, input.monthlyCommitment) * 10) / 10 });
  }
  const terms = judgeContract({ from, to, mqlTimes: facts.mqlTimes, sla: input.sla, versions, fallbackCommitment: input.monthlyCommitment });
  // The commitment in force at the end of the period is the one the calculator compares against.
  const commitment = terms.at(-1)?.commitment ?? input.monthlyCommitment;
  const touched = input.sla.filter((s) => s.firstTouchAt !== null);
  const hours = touched.map((s) => (s.firstTouchAt! - s.openedAt) / 3_600_000);
  const total = slice('all', facts.cohort);
  const medianDays = (ms: number[]) => round1(quantile(ms.map((x) => x / DAY), 0.5));
  const measuredL2O = ratio(total.counts.opportunity, total.counts.mql);
  const measuredO2C = ratio(total.counts.customer, total.counts.opportunity);
  const l2o = input.leadToOpportunity ?? measuredL2O;
  const o2c = input.opportunityToCustomer ?? measuredO2C;
  const canPlan = input.revenuePerMonth !== undefined && input.averageDealValue !== undefined && l2o !== null && l2o > 0 && o2c !== null && o2c > 0;
  const slices = (key: (g: FunnelFacts['cohort'][number]) => string | null, skipUnknown: boolean) =>
    [...groupBy(facts.cohort.filter((g) => !skipUnknown || key(g) !== null), key)].map(([k, groups]) => slice(k, groups));
  const qualities = (key: (g: FunnelFacts['quality'][number]) => string | null, skipUnknown: boolean) =>
    [...groupBy(facts.quality.filter((g) => !skipUnknown || key(g) !== null), key)].map(([k, groups]) => quality(k, groups)).sort((a, b) => b.mqls - a.mqls);

  return {
    period: { from: new Date(from).toISOString(), to: new Date(to).toISOString() },
    contract: {
      commitment,
      commitmentForPeriod: versions.length === 0 ? Math.round(((input.monthlyCommitment * days) / 30) * 10) / 10 : Math.round(commitmentOver(from, to, versions, input.monthlyCommitment) * 10) / 10,
      mqlsDelivered: facts.mqlTimes.length,
      terms,
      byWeek,
      firstTouchedInTime: { share: ratio(touched.filter((s) => s.firstTouchAt! <= s.firstTouchDueAt).length, input.sla.length), of: input.sla.length },
      hoursToFirstTouch: { median: round1(quantile(hours, 0.5)), p90: round1(quantile(hours, 0.9)) },
      attemptsPerLead: input.sla.length === 0 ? null : round1(input.sla.reduce((n, s) => n + s.touches, 0) / input.sla.length),
      overdueNow: input.overdueNow.map((o) => ({ ownerId: o.ownerId, ownerName: o.ownerName ?? null, overdue: o.overdue })),
    },
    funnel: {
      total,
      bySource: slices((g) => g.source, false).sort((a, b) => b.counts.lead + b.counts.mql - (a.counts.lead + a.counts.mql) || a.key.localeCompare(b.key)),
      byForm: slices((g) => g.form, true).sort((a, b) => b.counts.mql - a.counts.mql || a.key.localeCompare(b.key)),
      byCampaign: slices((g) => g.campaign, true).sort((a, b) => b.counts.mql - a.counts.mql || a.key.localeCompare(b.key)),
      medianDaysInStage: { lead: medianDays(facts.durations.lead), mql: medianDays(facts.durations.mql), sql: medianDays(facts.durations.sql), opportunity: medianDays(facts.durations.opportunity) },
    },
    quality: { bySource: qualities((g) => g.source, false), byForm: qualities((g) => g.form, true) },
    calculator: {
      leadToOpportunity: l2o,
      opportunityToCustomer: o2c,
      plan: canPlan ? planContract({ revenuePerMonth: input.revenuePerMonth!, averageDealValue: input.averageDealValue!, leadToOpportunity: l2o!, opportunityToCustomer: o2c!, currentCommitment: commitment }) : null,
      inputs: { ...(input.revenuePerMonth !== undefined ? { revenuePerMonth: input.revenuePerMonth } : {}), ...(input.averageDealValue !== undefined ? { averageDealValue: input.averageDealValue } : {}) },
    },
  };
}
