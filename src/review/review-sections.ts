import { z } from 'zod';
import { isProposal } from '../domain/propose-contract';
import type { BarChart } from './chart-svg';
import type { ReviewPack } from './build-review-pack';

/** One part of the review: a sentence, a table, maybe a chart. Each renderer (Markdown, HTML, CSV, Slack) walks the list. */
export interface ReviewSection {
  id: string;
  title: string;
  /** Optional sections show "—" when the report has nothing for them, never 0. */
  optional?: boolean;
  note: string;
  table: { head: string[]; rows: string[][] };
  chart?: BarChart;
}

export const DASH = '—';
const pct = (v: number | null | undefined) => (v === null || v === undefined ? DASH : `${Math.round(v * 100)}%`);
const num = (v: number | null | undefined) => (v === null || v === undefined ? DASH : String(Math.round(v * 100) / 100));
const COLORS = ['#0b6bcb', '#2a9d8f', '#e9c46a', '#f4a261', '#9b5de5'];

// Revenue and return come from the report (`report.revenue`, src/domain/revenue-report.ts): revenue, deals won and
// average deal from the month's wins; cost per MQL and revenue ÷ cost from the month's MQLs (the cohort the month's
// costs are set against). Read through a schema: a report without them gives the section its dashes.
const amount = z.number().nullable().optional();
const winSlice = z.looseObject({ key: z.string(), revenue: amount, dealsWon: amount, averageDealValue: amount });
const returnSlice = z.looseObject({ key: z.string(), costPerMql: amount, revenueOverCost: amount });
const revenueShape = z.looseObject({ wins: z.looseObject({ bySource: z.array(winSlice) }), return: z.looseObject({ bySource: z.array(returnSlice) }) });
export interface RevenueRow {
  key: string;
  revenue: number | null;
  dealsWon: number | null;
  averageDealValue: number | null;
  costPerMql: number | null;
  returnOnCost: number | null;
}

export function revenueBySourceOf(report: object): RevenueRow[] | null {
  const parsed = revenueShape.safeParse((report as { revenue?: unknown }).revenue);
  if (!parsed.success) return null;
  const wins = new Map(parsed.data.wins.bySource.map((w) => [w.key, w]));
  const returns = new Map(parsed.data.return.bySource.map((r) => [r.key, r]));
  return [...new Set([...wins.keys(), ...returns.keys()])].map((key) => ({
    key,
    // A source with MQLs and no deal won this month won nothing: 0, a count. Costs unknown stay null ("—").
    revenue: wins.get(key)?.revenue ?? 0,
    dealsWon: wins.get(key)?.dealsWon ?? 0,
    averageDealValue: wins.get(key)?.averageDealValue ?? null,
    costPerMql: returns.get(key)?.costPerMql ?? null,
    returnOnCost: returns.get(key)?.revenueOverCost ?? null,
  }));
}

function contractSection(p: ReviewPack): ReviewSection {
  const c = p.report.contract;
  const split = c.terms.length > 1 ? ` The contract changed during the month: each part is judged against the version in force then.` : '';
  return {
    id: 'contract',
    title: 'MQLs against the commitment in force',
    note: `${c.mqlsDelivered} MQLs delivered against ${c.commitmentForPeriod} owed.${split}`,
    table: {
      head: ['Part of the month', 'Version', 'Commitment a month', 'Owed', 'Delivered', 'First touch in time', 'Attempts kept'],
      rows: c.terms.map((t) => [`${t.from.slice(0, 10)} – ${t.to.slice(0, 10)}`, t.versionId === null ? 'config/sla.json' : `v${t.versionId} (${t.author})`, String(t.commitment), String(t.commitmentForSegment), String(t.mqlsDelivered), pct(t.firstTouchedInTime.share), pct(t.attemptsKept.share)]),
    },
    chart: { title: 'MQLs by week vs commitment', labels: c.byWeek.map((w) => w.weekStart.slice(5)), series: [{ name: 'MQLs', values: c.byWeek.map((w) => w.mqls), color: COLORS[0]! }], line: { name: 'Commitment', values: c.byWeek.map((w) => w.commitment), color: COLORS[3]! } },
  };
}

function slaSection(p: ReviewPack): ReviewSection {
  const c = p.report.contract;
  const name = (w: ReviewPack['owners'][number]) => w.ownerName ?? w.ownerId ?? 'unowned';
  return {
    id: 'sla',
    title: 'SLA kept, by owner',
    note: `First touch in time: ${pct(c.firstTouchedInTime.share)} of ${c.firstTouchedInTime.of}; median ${num(c.hoursToFirstTouch.median)} h to first touch; ${num(c.attemptsPerLead)} attempts per lead.`,
    table: { head: ['Owner', 'Leads', 'First touch in time', 'Attempts kept'], rows: p.owners.map((w) => [name(w), String(w.items), pct(w.firstTouchedInTime.share), pct(w.attemptsKept.share)]) },
    chart: { title: 'First touch in time, by owner', labels: p.owners.slice(0, 10).map(name), series: [{ name: 'In time', values: p.owners.slice(0, 10).map((w) => w.firstTouchedInTime.share ?? 0), color: COLORS[1]! }], percent: true },
  };
}

function funnelSection(p: ReviewPack): ReviewSection {
  const f = p.report.funnel;
  const top = f.bySource.slice(0, 8);
  const stages = ['lead', 'mql', 'sql', 'opportunity', 'customer'] as const;
  return {
    id: 'funnel',
    title: 'Funnel by source',
    note: `The month's cohort: ${f.total.counts.lead} leads, ${f.total.counts.mql} MQLs, ${f.total.counts.customer} customers so far.`,
    table: { head: ['Source', 'Leads', 'MQLs', 'SQLs', 'Opportunities', 'Customers', 'MQL → SQL'], rows: [...f.bySource, f.total].map((s) => [s.key, ...stages.map((st) => String(s.counts[st])), pct(s.conversion.sql)]) },
    chart: { title: 'Funnel by source', labels: top.map((s) => s.key), series: stages.map((st, i) => ({ name: st, values: top.map((s) => s.counts[st]), color: COLORS[i]! })) },
  };
}

function qualitySection(p: ReviewPack): ReviewSection {
  return {
    id: 'quality',
    title: 'Lead quality by source: what sales did with the MQLs',
    note: 'Accepted: reached SQL. Rejected: marked unqualified without reaching SQL.',
    table: { head: ['Source', 'MQLs', 'Accepted', 'Rejected'], rows: p.report.quality.bySource.map((q) => [q.key, String(q.mqls), pct(q.acceptedShare), pct(q.rejectedShare)]) },
  };
}

function revenueSection(p: ReviewPack): ReviewSection {
  const rows = revenueBySourceOf(p.report);
  return {
    id: 'revenue',
    title: 'Revenue and return by source',
    optional: true,
    note: rows ? 'Revenue: deals won this month, credited to their contacts’ source. Cost per MQL and revenue ÷ cost: this month’s MQLs (the cohort), where costs are given.' : `${DASH} (the report has no revenue for this month)`,
    table: {
      head: ['Source', 'Revenue', 'Deals won', 'Average deal', 'Cost per MQL', 'Revenue ÷ cost'],
      rows: rows ? rows.map((r) => [r.key, num(r.revenue), num(r.dealsWon), num(r.averageDealValue), num(r.costPerMql), num(r.returnOnCost)]) : [[DASH, DASH, DASH, DASH, DASH, DASH]],
    },
  };
}

function proposalSection(p: ReviewPack): ReviewSection {
  const q = p.proposal;
  if (!isProposal(q)) return { id: 'proposal', title: 'The proposal for next month', note: `No proposal: ${q.message}.`, table: { head: [], rows: [] } };
  return {
    id: 'proposal',
    title: `The proposal for ${q.month}`,
    note: `To reach ${q.inputs.revenuePerMonth} a month at ${q.inputs.averageDealValue} a deal, with the rates of ${q.inputs.ratesMeasuredFrom} to ${q.inputs.ratesMeasuredTo}, marketing should commit to ${q.proposedCommitment} MQLs (now ${q.currentCommitment}). Adopt it with \`leadloop contract propose --month ${q.month} --adopt\`.`,
    table: {
      head: ['', 'Value'],
      rows: [
        ['Deals needed', String(q.plan.dealsPerMonth)],
        ['Opportunities needed', String(q.plan.opportunitiesPerMonth)],
        ['MQLs needed (proposed commitment)', String(q.proposedCommitment)],
        ['Current commitment', String(q.currentCommitment)],
        [`Delivered in ${q.delivered.month}`, `${q.delivered.mqls} of ${q.delivered.commitment}`],
        ['Lead → opportunity', pct(q.inputs.leadToOpportunity)],
        ['Opportunity → customer', pct(q.inputs.opportunityToCustomer)],
      ],
    },
  };
}

/** The review, in order. A renderer never names a section: adding one here adds it everywhere. */
export const REVIEW_SECTIONS: ReadonlyArray<(p: ReviewPack) => ReviewSection> = [contractSection, slaSection, funnelSection, qualitySection, revenueSection, proposalSection];

export const sectionsOf = (p: ReviewPack): ReviewSection[] => REVIEW_SECTIONS.map((s) => s(p));
