import type { FullReport } from '../../report/load-report';
import { print } from '../cli-context';

/** An absent figure is a dash, never 0: a cost nobody gave is unknown, not free. */
export const dash = (v: number | null, digits = 0) => (v === null ? '—' : v.toLocaleString('en-US', { maximumFractionDigits: digits }));

/** `leadloop report`'s table: revenue and return by source, and sales' feedback. */
export function printRevenue(r: FullReport): void {
  const v = r.revenue;
  const cur = v.currency ? ` (${v.currency})` : '';
  const row = (cells: Array<[string | number, number]>) => print(cells.map(([c, w], i) => (i === 0 ? String(c).padEnd(w) : String(c).padStart(w))).join(' '));
  for (const [title, view] of [['Deals won in the period', v.wins], ["The period's MQLs: deals won so far", v.cohort]] as const) {
    print('');
    print(`${title}, by source (${v.model})${cur}: ${view.deals} deal(s), revenue ${dash(view.total.revenue)}`);
    row([['source', 24], ['revenue', 12], ['deals', 7], ['avg deal', 10], ['days MQL→won', 13]]);
    for (const s of view.bySource) row([[s.key, 24], [dash(s.revenue), 12], [dash(s.dealsWon, 2), 7], [dash(s.averageDealValue), 10], [dash(s.medianDaysMqlToWon, 1), 13]]);
  }
  print('');
  print(`Return by source (the period's MQLs)${v.return.costsGiven ? '' : ': no costs given (config/costs.json, or leadloop costs import)'}`);
  row([['source', 24], ['cost', 10], ['MQLs', 6], ['per MQL', 9], ['customers', 10], ['per customer', 13], ['revenue÷cost', 13]]);
  for (const s of v.return.bySource) row([[s.key, 24], [dash(s.cost), 10], [s.mqls, 6], [dash(s.costPerMql), 9], [dash(s.customers, 2), 10], [dash(s.costPerCustomer), 13], [dash(s.revenueOverCost, 2), 13]]);
  print('');
  print('Sales feedback by source (MQLs of the period)');
  for (const f of r.salesFeedback.bySource) {
    const reasons = f.reasons.map((x) => `${x.reason} ${x.count}`).join(', ') || 'none';
    print(`  ${f.key}: ${f.mqls} MQL(s); rejected ${f.rejected} (${reasons}); accepted ${f.accepted}: won ${f.outcomes.won}, lost ${f.outcomes.lost}, open ${f.outcomes.open}`);
  }
}
