import { planContract } from '../../../src/domain/contract-calculator';

describe('the contract calculator', () => {
  it('works back from revenue to MQLs, rounding each step up', () => {
    // $500k a month at $25k a deal = 20 deals; 25% of opportunities close → 80; 20% of MQLs become one → 400.
    expect(planContract({ revenuePerMonth: 500_000, averageDealValue: 25_000, leadToOpportunity: 0.2, opportunityToCustomer: 0.25, currentCommitment: 200 })).toEqual({ dealsPerMonth: 20, opportunitiesPerMonth: 80, mqlsPerMonth: 400, gapToCommitment: 200 });
    expect(planContract({ revenuePerMonth: 100_001, averageDealValue: 10_000, leadToOpportunity: 0.3, opportunityToCustomer: 0.5, currentCommitment: 100 })).toEqual({ dealsPerMonth: 11, opportunitiesPerMonth: 22, mqlsPerMonth: 74, gapToCommitment: -26 });
  });

  it.each([
    [{ averageDealValue: 0 }, /average deal value/],
    [{ leadToOpportunity: 0 }, /rates/],
    [{ opportunityToCustomer: 1.5 }, /rates/],
  ])('refuses %j', (bad, message) => {
    expect(() => planContract({ revenuePerMonth: 1000, averageDealValue: 100, leadToOpportunity: 0.5, opportunityToCustomer: 0.5, currentCommitment: 0, ...bad })).toThrow(message);
  });
});
