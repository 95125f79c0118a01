import type { SlaConfig } from '../config/sla-schema';
import { buildClosedLoopReport, type ClosedLoopReport } from '../domain/closed-loop-report';
import type { DuplicateGroup } from '../store/report-store-port';
import type { Store } from '../store/store-port';
import { periodOf, type ReportQuery } from './report-query';

export type FullReport = ClosedLoopReport & { duplicates: DuplicateGroup[] };

/** Reads the facts for a period from the store and builds the report (the HTTP API, the CLI and the dashboard share it). */
export async function loadReport(store: Store, sla: SlaConfig, q: ReportQuery, now = Date.now()): Promise<FullReport> {
  const { from, to } = periodOf(q, now);
  const [facts, slaRows, overdueNow, duplicates] = await Promise.all([
    store.funnelCounts(from, to, q.portal),
    store.slaRows(from, to, q.portal),
    store.overdueByOwner(q.portal),
    store.duplicateGroups(200, q.portal),
  ]);
  const report = buildClosedLoopReport({
    from,
    to,
    facts,
    sla: slaRows,
    overdueNow,
    monthlyCommitment: sla.monthlyMqlCommitment,
    ...(q.revenue !== undefined ? { revenuePerMonth: q.revenue } : {}),
    ...(q.dealValue !== undefined ? { averageDealValue: q.dealValue } : {}),
    ...(q.leadToOpp !== undefined ? { leadToOpportunity: q.leadToOpp } : {}),
    ...(q.oppToCustomer !== undefined ? { opportunityToCustomer: q.oppToCustomer } : {}),
  });
  return { ...report, duplicates };
}
