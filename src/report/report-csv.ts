import { stringify } from 'csv-stringify/sync';
import type { FullReport } from './load-report';

/**
 * Spreadsheet formula injection (OWASP "CSV Injection"): a text cell starting with = + - @, tab or carriage
 * return is prefixed with ' so a spreadsheet shows it as text. `-3+3` is text here and neutralised too;
 * numbers stay numbers.
 */
export function neutraliseCell(v: unknown): string | number {
  if (typeof v === 'number') return v;
  const s = v === null || v === undefined ? '' : String(v);
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

/** One long table (section, group, metric, value): opens in any spreadsheet and pivots easily. */
export function reportCsv(r: FullReport): string {
  const rows: unknown[][] = [['section', 'group', 'metric', 'value']];
  const c = r.contract;
  rows.push(['period', '', 'from', r.period.from], ['period', '', 'to', r.period.to]);
  rows.push(['contract', '', 'commitment per month', c.commitment], ['contract', '', 'commitment for period', c.commitmentForPeriod], ['contract', '', 'MQLs delivered', c.mqlsDelivered]);
  // A month the contract changed in has one group per version in force (the version's id and start name it).
  for (const t of c.terms) {
    const g = `${t.from.slice(0, 10)} to ${t.to.slice(0, 10)}${t.versionId === null ? '' : ` (version ${t.versionId} from ${t.versionStartsAt!.slice(0, 10)})`}`;
    rows.push(['contract version', g, 'commitment per month', t.commitment], ['contract version', g, 'commitment for part', t.commitmentForSegment], ['contract version', g, 'MQLs delivered', t.mqlsDelivered]);
    rows.push(['contract version', g, 'share first-touched in time', t.firstTouchedInTime.share], ['contract version', g, 'share with attempts kept', t.attemptsKept.share]);
  }
  for (const w of c.byWeek) rows.push(['contract', `week of ${w.weekStart}`, 'MQLs', w.mqls], ['contract', `week of ${w.weekStart}`, 'commitment', w.commitment]);
  rows.push(['contract', '', 'share first-touched in time', c.firstTouchedInTime.share], ['contract', '', 'SLA items', c.firstTouchedInTime.of]);
  rows.push(['contract', '', 'median hours to first touch', c.hoursToFirstTouch.median], ['contract', '', 'p90 hours to first touch', c.hoursToFirstTouch.p90], ['contract', '', 'attempts per lead', c.attemptsPerLead]);
  for (const o of c.overdueNow) rows.push(['overdue now', o.ownerName ? `${o.ownerName} (${o.ownerId})` : (o.ownerId ?? '(unowned)'), 'overdue leads', o.overdue]);
  for (const [name, slices] of [['funnel by source', r.funnel.bySource], ['funnel by form', r.funnel.byForm], ['funnel by campaign', r.funnel.byCampaign], ['funnel', [r.funnel.total]]] as const) {
    for (const s of slices) {
      for (const [stage, n] of Object.entries(s.counts)) rows.push([name, s.key, `${stage} count`, n]);
      for (const [stage, v] of Object.entries(s.conversion)) rows.push([name, s.key, `to ${stage} rate`, v]);
    }
  }
  for (const [stage, d] of Object.entries(r.funnel.medianDaysInStage)) rows.push(['time in stage', stage, 'median days', d]);
  for (const [name, slices] of [['quality by source', r.quality.bySource], ['quality by form', r.quality.byForm]] as const) {
    for (const q of slices) rows.push([name, q.key, 'MQLs', q.mqls], [name, q.key, 'accepted share', q.acceptedShare], [name, q.key, 'rejected share', q.rejectedShare]);
  }
  const k = r.calculator;
  rows.push(['calculator', '', 'lead to opportunity', k.leadToOpportunity], ['calculator', '', 'opportunity to customer', k.opportunityToCustomer]);
  if (k.plan) for (const [m, v] of Object.entries(k.plan)) rows.push(['calculator', '', m, v]);
  rows.push(...revenueRows(r));
  for (const d of r.duplicates) rows.push(['duplicates', `${d.reason}: ${d.key}`, 'contacts', d.contacts.map((x) => `${x.contactId} ${x.displayName ?? ''}`.trim()).join('; ')]);
  return csvOf(rows);
}

/** Revenue (both readings), return and sales' feedback; an unknown figure is an empty cell, never 0. */
function revenueRows(r: FullReport): unknown[][] {
  const rows: unknown[][] = [];
  const v = r.revenue;
  rows.push(['revenue', '', 'attribution model', v.model], ['revenue', '', 'currency', v.currency]);
  for (const [reading, view] of [['wins in period', v.wins], ['period MQLs (cohort)', v.cohort]] as const) {
    for (const [dim, slices] of [['source', view.bySource], ['source detail', view.bySourceDetail], ['form', view.byForm], ['campaign', view.byCampaign], ['total', [view.total]]] as const) {
      for (const s of slices) rows.push([`revenue by ${dim}, ${reading}`, s.key, 'revenue', s.revenue], [`revenue by ${dim}, ${reading}`, s.key, 'deals won', s.dealsWon], [`revenue by ${dim}, ${reading}`, s.key, 'average deal value', s.averageDealValue], [`revenue by ${dim}, ${reading}`, s.key, 'median days MQL to won', s.medianDaysMqlToWon]);
    }
  }
  for (const [dim, slices] of [['source', v.return.bySource], ['campaign', v.return.byCampaign]] as const) {
    for (const s of slices) rows.push([`return by ${dim}`, s.key, 'cost', s.cost], [`return by ${dim}`, s.key, 'MQLs', s.mqls], [`return by ${dim}`, s.key, 'cost per MQL', s.costPerMql], [`return by ${dim}`, s.key, 'customers', s.customers], [`return by ${dim}`, s.key, 'cost per customer', s.costPerCustomer], [`return by ${dim}`, s.key, 'revenue', s.revenue], [`return by ${dim}`, s.key, 'revenue / cost', s.revenueOverCost]);
  }
  for (const [dim, slices] of [['source', r.salesFeedback.bySource], ['form', r.salesFeedback.byForm]] as const) {
    for (const f of slices) {
      for (const x of f.reasons) rows.push([`rejection reasons by ${dim}`, f.key, x.reason, x.count]);
      rows.push([`accepted outcomes by ${dim}`, f.key, 'won', f.outcomes.won], [`accepted outcomes by ${dim}`, f.key, 'lost', f.outcomes.lost], [`accepted outcomes by ${dim}`, f.key, 'open', f.outcomes.open]);
    }
  }
  return rows;
}

/** Rows to CSV text: every cell neutralised, then quoted by csv-stringify where needed (comma, quote, CR, LF). */
export function csvOf(rows: readonly (readonly unknown[])[]): string {
  // A lone CR is a line break to many readers: quoted too (csv-stringify quotes only the record delimiter).
  return stringify(rows.map((row) => row.map(neutraliseCell)), { record_delimiter: 'unix', quoted_match: /\r/ });
}
