import type { SlaConfig } from '../config/sla-schema';
import { buildClosedLoopReport, type ClosedLoopReport } from '../domain/closed-loop-report';
import type { DuplicateGroup } from '../store/report-store-port';
import type { Store } from '../store/store-port';
import { periodOf, type ReportQuery } from './report-query';
import { loadRevenue, type RevenueOptions } from './load-revenue';
import type { RevenueReport } from '../domain/revenue-report';
import type { SalesFeedback } from '../domain/sales-feedback';

export type FullReport = ClosedLoopReport & { duplicates: DuplicateGroup[]; revenue: RevenueReport; salesFeedback: SalesFeedback };

const NO_COSTS: RevenueOptions = { model: 'firstTouch', costs: () => null };

/** Reads the facts for a period from the store and builds the report (the HTTP API, the CLI and the dashboard share it). */
/** Owner id → "First Last" for a portal (from HubSpot's owners, cached by the caller); absent without CRM access. */
export type OwnerNames = (portalId: number) => Promise<ReadonlyMap<string, string>>;

export async function loadReport(store: Store, sla: SlaConfig, q: ReportQuery, now = Date.now(), ownerNames?: OwnerNames, revenue: RevenueOptions = NO_COSTS): Promise<FullReport> {
  const { from, to } = periodOf(q, now);
  const [facts, slaRows, overdueNow, duplicates, money, versions] = await Promise.all([
    store.funnelCounts(from, to, q.portal),
    store.slaRows(from, to, q.portal),
    store.overdueByOwner(q.portal),
    store.duplicateGroups(200, q.portal),
    loadRevenue(store, from, to, q.portal, q.attribution ? { ...revenue, model: q.attribution } : revenue),
    store.contractVersions(),
  ]);
  const named = await Promise.all(
    overdueNow.map(async (o) => {
      const names = ownerNames && o.ownerId ? await ownerNames(o.portalId).catch(() => new Map<string, string>()) : undefined;
      return { ownerId: o.ownerId, ownerName: (o.ownerId && names?.get(o.ownerId)) || null, overdue: o.overdue };
    }),
  );
  const report = buildClosedLoopReport({
    from,
    to,
    facts,
    sla: slaRows,
    overdueNow: named,
    monthlyCommitment: sla.monthlyMqlCommitment,
    versions,
    ...(q.revenue !== undefined ? { revenuePerMonth: q.revenue } : {}),
    ...(q.dealValue !== undefined ? { averageDealValue: q.dealValue } : {}),
    ...(q.leadToOpp !== undefined ? { leadToOpportunity: q.leadToOpp } : {}),
    ...(q.oppToCustomer !== undefined ? { opportunityToCustomer: q.oppToCustomer } : {}),
  });
  return { ...report, duplicates, ...money };
}
