import { planContract, type ContractPlan } from './contract-calculator';

/** What next month's contract should ask of marketing, next to what it asks now and what marketing delivered. */
export interface ContractProposal {
  month: string;
  inputs: { revenuePerMonth: number; averageDealValue: number; leadToOpportunity: number; opportunityToCustomer: number; ratesMeasuredFrom: string; ratesMeasuredTo: string };
  plan: ContractPlan;
  /** The commitment in force now (the version at the proposal's making). */
  currentCommitment: number;
  /** MQLs delivered in the last full month, against the commitment in force then. */
  delivered: { month: string; mqls: number; commitment: number };
  /** The commitment the proposal would adopt: the MQLs the target needs. */
  proposedCommitment: number;
}

export type ProposalProblem = { code: 'CONTRACT.NO_TARGET' | 'CONTRACT.NO_RATES'; message: string };

/**
 * The proposal, or why there is none. Rates are the ones measured over the last 90 days (or given); a rate of 0
 * (no opportunity, no win yet) cannot size a funnel, so it is a problem to show, not a number.
 */
export function proposeContract(i: {
  month: string;
  revenuePerMonth: number | undefined;
  averageDealValue: number | undefined;
  leadToOpportunity: number | null;
  opportunityToCustomer: number | null;
  ratesMeasuredFrom: string;
  ratesMeasuredTo: string;
  currentCommitment: number;
  delivered: ContractProposal['delivered'];
}): ContractProposal | ProposalProblem {
  if (i.revenuePerMonth === undefined || i.averageDealValue === undefined) {
    return { code: 'CONTRACT.NO_TARGET', message: 'no revenue target: set target.revenuePerMonth and target.averageDealValue in config/sla.json, or pass --revenue and --deal-value' };
  }
  const l2o = i.leadToOpportunity;
  const o2c = i.opportunityToCustomer;
  if (!l2o || !o2c) {
    return { code: 'CONTRACT.NO_RATES', message: `not enough funnel history between ${i.ratesMeasuredFrom} and ${i.ratesMeasuredTo} to measure lead → opportunity (${l2o ?? 'unknown'}) and opportunity → customer (${o2c ?? 'unknown'})` };
  }
  const plan = planContract({ revenuePerMonth: i.revenuePerMonth, averageDealValue: i.averageDealValue, leadToOpportunity: l2o, opportunityToCustomer: o2c, currentCommitment: i.currentCommitment });
  return {
    month: i.month,
    inputs: { revenuePerMonth: i.revenuePerMonth, averageDealValue: i.averageDealValue, leadToOpportunity: l2o, opportunityToCustomer: o2c, ratesMeasuredFrom: i.ratesMeasuredFrom, ratesMeasuredTo: i.ratesMeasuredTo },
    plan,
    currentCommitment: i.currentCommitment,
    delivered: i.delivered,
    proposedCommitment: plan.mqlsPerMonth,
  };
}

export const isProposal = (p: ContractProposal | ProposalProblem): p is ContractProposal => !('code' in p);
