import { planContract, type ContractPlan } from './contract-calculator';

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

export const FUNNEL_STAGES = ['lead', 'mql', 'sql', 'opportunity', 'customer'] as const;
type Stage = (typeof FUNNEL_STAGES)[number];
const AT: Record<Stage, keyof ReportFunnelRow> = { lead: 'leadAt', mql: 'mqlAt', sql: 'sqlAt', opportunity: 'opportunityAt', customer: 'customerAt' };

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
    byWeek: Array<{ weekStart: string; mqls: number; commitment: number }>;
    firstTouchedInTime: { share: number | null; of: number };
    hoursToFirstTouch: { median: number | null; p90: number | null };
    attemptsPerLead: number | null;
    overdueNow: Array<{ ownerId: string | null; overdue: number }>;
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

function slice(key: string, rows: readonly ReportFunnelRow[]): FunnelSlice {
  const counts = Object.fromEntries(FUNNEL_STAGES.map((s) => [s, rows.filter((r) => r[AT[s]] !== null).length])) as Record<Stage, number>;
  return { key, counts, conversion: { mql: ratio(counts.mql, counts.lead), sql: ratio(counts.sql, counts.mql), opportunity: ratio(counts.opportunity, counts.sql), customer: ratio(counts.customer, counts.opportunity) } };
}
function groupBy<T>(rows: readonly T[], key: (r: T) => string | null): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r) ?? '(unknown)';
    m.set(k, [...(m.get(k) ?? []), r]);
  }
  return m;
}
function quality(key: string, rows: readonly ReportFunnelRow[]): QualitySlice {
  const mqls = rows.filter((r) => r.mqlAt !== null);
  const accepted = mqls.filter((r) => r.sqlAt !== null).length;
  const rejected = mqls.filter((r) => r.rejectedAt !== null && r.sqlAt === null).length;
  return { key, mqls: mqls.length, accepted, rejected, acceptedShare: ratio(accepted, mqls.length), rejectedShare: ratio(rejected, mqls.length) };
}

/**
 * The monthly report marketing and sales meet around, from facts the store keeps: MQLs against the commitment,
 * the SLA kept, the funnel by source, form and campaign, sales' verdict on each channel, and what the revenue
 * target needs. Pure: the same facts give the same report, whoever asks.
 */
export function buildClosedLoopReport(input: {
  from: number;
  to: number;
  funnel: readonly ReportFunnelRow[];
  sla: readonly ReportSlaRow[];
  overdueNow: Array<{ ownerId: string | null; overdue: number }>;
  monthlyCommitment: number;
  revenuePerMonth?: number;
  averageDealValue?: number;
  leadToOpportunity?: number;
  opportunityToCustomer?: number;
}): ClosedLoopReport {
  const { from, to } = input;
  const days = Math.max(1, (to - from) / DAY);
  const inPeriod = (t: number | null) => t !== null && t >= from && t < to;
  const mqls = input.funnel.filter((r) => inPeriod(r.mqlAt));
  const byWeek: ClosedLoopReport['contract']['byWeek'] = [];
  for (let w = from; w < to; w += 7 * DAY) {
    const end = Math.min(to, w + 7 * DAY);
    byWeek.push({ weekStart: new Date(w).toISOString().slice(0, 10), mqls: mqls.filter((r) => r.mqlAt! >= w && r.mqlAt! < end).length, commitment: Math.round((input.monthlyCommitment * (end - w)) / (30 * DAY) * 10) / 10 });
  }
  const touched = input.sla.filter((s) => s.firstTouchAt !== null);
  const hours = touched.map((s) => (s.firstTouchAt! - s.openedAt) / 3_600_000);

  // Cohort: contacts that became leads in the period (or MQLs, for those that skipped lead), followed as far as they went.
  const cohort = input.funnel.filter((r) => inPeriod(r.leadAt) || (r.leadAt === null && inPeriod(r.mqlAt)));
  const stageDays = (a: keyof ReportFunnelRow, b: keyof ReportFunnelRow) =>
    round1(quantile(cohort.filter((r) => r[a] !== null && r[b] !== null).map((r) => ((r[b] as number) - (r[a] as number)) / DAY), 0.5));
  const measuredL2O = ratio(cohort.filter((r) => r.opportunityAt !== null).length, cohort.filter((r) => r.mqlAt !== null).length);
  const measuredO2C = ratio(cohort.filter((r) => r.customerAt !== null).length, cohort.filter((r) => r.opportunityAt !== null).length);
  const l2o = input.leadToOpportunity ?? measuredL2O;
  const o2c = input.opportunityToCustomer ?? measuredO2C;
  const canPlan = input.revenuePerMonth !== undefined && input.averageDealValue !== undefined && l2o !== null && l2o > 0 && o2c !== null && o2c > 0;

  return {
    period: { from: new Date(from).toISOString(), to: new Date(to).toISOString() },
    contract: {
      commitment: input.monthlyCommitment,
      commitmentForPeriod: Math.round(((input.monthlyCommitment * days) / 30) * 10) / 10,
      mqlsDelivered: mqls.length,
      byWeek,
      firstTouchedInTime: { share: ratio(touched.filter((s) => s.firstTouchAt! <= s.firstTouchDueAt).length, input.sla.length), of: input.sla.length },
      hoursToFirstTouch: { median: round1(quantile(hours, 0.5)), p90: round1(quantile(hours, 0.9)) },
      attemptsPerLead: input.sla.length === 0 ? null : round1(input.sla.reduce((n, s) => n + s.touches, 0) / input.sla.length),
      overdueNow: input.overdueNow,
    },
    funnel: {
      total: slice('all', cohort),
      bySource: [...groupBy(cohort, (r) => r.source)].map(([k, rows]) => slice(k, rows)).sort((a, b) => b.counts.lead + b.counts.mql - (a.counts.lead + a.counts.mql)),
      byForm: [...groupBy(cohort.filter((r) => r.firstForm), (r) => r.firstForm)].map(([k, rows]) => slice(k, rows)).sort((a, b) => b.counts.mql - a.counts.mql),
      byCampaign: [...groupBy(cohort.filter((r) => r.campaign), (r) => r.campaign)].map(([k, rows]) => slice(k, rows)).sort((a, b) => b.counts.mql - a.counts.mql),
      medianDaysInStage: { lead: stageDays('leadAt', 'mqlAt'), mql: stageDays('mqlAt', 'sqlAt'), sql: stageDays('sqlAt', 'opportunityAt'), opportunity: stageDays('opportunityAt', 'customerAt') },
    },
    quality: {
      bySource: [...groupBy(mqls, (r) => r.source)].map(([k, rows]) => quality(k, rows)).sort((a, b) => b.mqls - a.mqls),
      byForm: [...groupBy(mqls.filter((r) => r.firstForm), (r) => r.firstForm)].map(([k, rows]) => quality(k, rows)).sort((a, b) => b.mqls - a.mqls),
    },
    calculator: {
      leadToOpportunity: l2o,
      opportunityToCustomer: o2c,
      plan: canPlan ? planContract({ revenuePerMonth: input.revenuePerMonth!, averageDealValue: input.averageDealValue!, leadToOpportunity: l2o!, opportunityToCustomer: o2c!, currentCommitment: input.monthlyCommitment }) : null,
      inputs: { ...(input.revenuePerMonth !== undefined ? { revenuePerMonth: input.revenuePerMonth } : {}), ...(input.averageDealValue !== undefined ? { averageDealValue: input.averageDealValue } : {}) },
    },
  };
}
