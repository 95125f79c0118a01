import type { SlaConfig } from '../config/sla-schema';
import { versionInForce, type ContractVersion } from '../domain/contract-versions';
import { proposeContract, type ContractProposal, type ProposalProblem } from '../domain/propose-contract';
import { nextMonth } from '../domain/review-schedule';
import { loadReport } from '../report/load-report';
import type { Store } from '../store/store-port';

const DAY = 86_400_000;
const monthOf = (t: number) => new Date(t).toISOString().slice(0, 7);
const monthStart = (month: string) => Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1, 1);

export interface ProposalView {
  /** Every version recorded, oldest first: the contract's history. */
  versions: ContractVersion[];
  proposal: ContractProposal | ProposalProblem;
}

/**
 * `contract propose`, the dashboard and the monthly review: the MQLs `month` needs (default: next month), from the
 * revenue target, the average deal value and the rates measured over the 90 days before `now`; next to the commitment
 * in force and what marketing delivered in the last full month.
 */
export async function loadProposal(store: Store, sla: SlaConfig, o: { now: number; month?: string; revenue?: number; dealValue?: number; portal?: number }): Promise<ProposalView> {
  const month = o.month ?? nextMonth(monthOf(o.now));
  const portal = o.portal === undefined ? {} : { portal: o.portal };
  const ratesFrom = new Date(o.now - 90 * DAY).toISOString();
  const ratesTo = new Date(o.now).toISOString();
  const lastFull = monthOf(monthStart(monthOf(o.now)) - 1);
  const [measured, delivered, versions] = await Promise.all([
    loadReport(store, sla, { from: ratesFrom, to: ratesTo, ...portal }, o.now),
    loadReport(store, sla, { month: lastFull, ...portal }, o.now),
    store.contractVersions(),
  ]);
  const current = versionInForce(versions, monthStart(month))?.terms.monthlyMqlCommitment ?? sla.monthlyMqlCommitment;
  const proposal = proposeContract({
    month,
    revenuePerMonth: o.revenue ?? sla.target?.revenuePerMonth,
    averageDealValue: o.dealValue ?? sla.target?.averageDealValue,
    leadToOpportunity: measured.calculator.leadToOpportunity,
    opportunityToCustomer: measured.calculator.opportunityToCustomer,
    ratesMeasuredFrom: ratesFrom.slice(0, 10),
    ratesMeasuredTo: ratesTo.slice(0, 10),
    currentCommitment: current,
    delivered: { month: lastFull, mqls: delivered.contract.mqlsDelivered, commitment: delivered.contract.commitmentForPeriod },
  });
  return { versions, proposal };
}

export { monthStart };
