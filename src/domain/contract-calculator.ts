/** What a monthly revenue target asks of the funnel, worked back from the average deal and two conversion rates. */
export interface ContractInput {
  revenuePerMonth: number;
  averageDealValue: number;
  /** Share of MQLs (leads handed to sales) that become opportunities, 0–1. */
  leadToOpportunity: number;
  /** Share of opportunities won, 0–1. */
  opportunityToCustomer: number;
  /** MQLs marketing commits to now (config/sla.json `monthlyMqlCommitment`). */
  currentCommitment: number;
}

export interface ContractPlan {
  dealsPerMonth: number;
  opportunitiesPerMonth: number;
  mqlsPerMonth: number;
  /** Positive: marketing must deliver this many more MQLs a month than it commits to now. */
  gapToCommitment: number;
}

/** Whole deals, opportunities and MQLs: a fraction of a lead cannot be handed over, so each step rounds up. */
export function planContract(i: ContractInput): ContractPlan {
  if (!(i.revenuePerMonth >= 0) || !(i.averageDealValue > 0)) throw new RangeError('revenue must be ≥ 0 and the average deal value > 0');
  if (!(i.leadToOpportunity > 0 && i.leadToOpportunity <= 1) || !(i.opportunityToCustomer > 0 && i.opportunityToCustomer <= 1)) {
    throw new RangeError('conversion rates must be in (0, 1]');
  }
  const dealsPerMonth = Math.ceil(i.revenuePerMonth / i.averageDealValue - 1e-9);
  const opportunitiesPerMonth = Math.ceil(dealsPerMonth / i.opportunityToCustomer - 1e-9);
  const mqlsPerMonth = Math.ceil(opportunitiesPerMonth / i.leadToOpportunity - 1e-9);
  return { dealsPerMonth, opportunitiesPerMonth, mqlsPerMonth, gapToCommitment: mqlsPerMonth - i.currentCommitment };
}
