import type { SlaConfig } from '../config/sla-schema';
import { loadProposal } from '../contract/load-proposal';
import { slaByOwner, type OwnerSla } from '../domain/judge-contract';
import type { ContractProposal, ProposalProblem } from '../domain/propose-contract';
import { nextMonth } from '../domain/review-schedule';
import { loadReport, type FullReport } from '../report/load-report';
import { periodOf } from '../report/report-query';
import type { Store } from '../store/store-port';

/** Everything the monthly review shows, gathered once: the email, Slack, `leadloop review` and the CSV render it. */
export interface ReviewPack {
  month: string;
  generatedAt: string;
  /** The dashboard's view of the month (PUBLIC_URL), for Slack and the email; null without a public URL. */
  dashboardUrl: string | null;
  report: FullReport;
  owners: Array<OwnerSla & { ownerName: string | null }>;
  proposal: ContractProposal | ProposalProblem;
}

/** Owner id → name ("First Last"), when the CRM can tell; null otherwise. */
export type OwnerName = (ownerId: string) => Promise<string | null>;

export async function buildReviewPack(store: Store, sla: SlaConfig, o: { month: string; now: number; publicUrl?: string; ownerName?: OwnerName; portal?: number }): Promise<ReviewPack> {
  const portal = o.portal === undefined ? {} : { portal: o.portal };
  const { from, to } = periodOf({ month: o.month }, o.now);
  const [report, slaRows, versions, { proposal }] = await Promise.all([
    loadReport(store, sla, { month: o.month, ...portal }, o.now),
    store.slaRows(from, to, o.portal),
    store.contractVersions(),
    // The proposal for the month after the one reviewed (the one the meeting decides), from the rates up to now.
    loadProposal(store, sla, { now: o.now, month: nextMonth(o.month), ...portal }),
  ]);
  const owners = await Promise.all(
    slaByOwner(slaRows, versions, sla.monthlyMqlCommitment).map(async (w) => ({ ...w, ownerName: w.ownerId && o.ownerName ? await o.ownerName(w.ownerId).catch(() => null) : null })),
  );
  const base = o.publicUrl?.replace(/\/+$/, '');
  return { month: o.month, generatedAt: new Date(o.now).toISOString(), dashboardUrl: base ? `${base}/?month=${o.month}` : null, report, owners, proposal };
}
