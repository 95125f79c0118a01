import { aggregateFunnel, buildClosedLoopReport, type ReportFunnelRow, type ReportSlaRow } from '../../../src/domain/closed-loop-report';

const D = 86_400_000;
const FROM = Date.UTC(2026, 10, 1);
const TO = Date.UTC(2026, 11, 1);
const row = (over: Partial<ReportFunnelRow>): ReportFunnelRow => ({ source: 'ORGANIC_SEARCH', campaign: null, firstForm: 'Demo request', leadAt: FROM + D, mqlAt: null, sqlAt: null, opportunityAt: null, customerAt: null, rejectedAt: null, ...over });

describe('the closed-loop report', () => {
  const funnel = [
    row({ mqlAt: FROM + 2 * D, sqlAt: FROM + 4 * D, opportunityAt: FROM + 10 * D, customerAt: FROM + 20 * D }),
    row({ mqlAt: FROM + 3 * D, sqlAt: FROM + 5 * D, opportunityAt: FROM + 12 * D }),
    row({ mqlAt: FROM + 9 * D, rejectedAt: FROM + 11 * D }),
    row({ source: 'PAID_SEARCH', firstForm: 'Content download', mqlAt: FROM + 16 * D }),
    row({ source: 'PAID_SEARCH', firstForm: 'Content download' }),
    row({ source: 'PAID_SEARCH', leadAt: FROM - 40 * D, mqlAt: FROM - 35 * D }), // an older cohort: not this month's
  ];
  const sla: ReportSlaRow[] = [
    { ownerId: '1', openedAt: FROM + 2 * D, firstTouchDueAt: FROM + 3 * D, firstTouchAt: FROM + 2 * D + 2 * 3_600_000, touches: 3 },
    { ownerId: '1', openedAt: FROM + 3 * D, firstTouchDueAt: FROM + 4 * D, firstTouchAt: FROM + 5 * D, touches: 1 },
    { ownerId: '2', openedAt: FROM + 9 * D, firstTouchDueAt: FROM + 10 * D, firstTouchAt: null, touches: 0 },
  ];
  const r = buildClosedLoopReport({ from: FROM, to: TO, facts: aggregateFunnel(funnel, FROM, TO), sla, overdueNow: [{ ownerId: '2', overdue: 1 }], monthlyCommitment: 30, revenuePerMonth: 100_000, averageDealValue: 10_000 });

  it('counts MQLs of the period against the commitment, week by week', () => {
    expect(r.contract.mqlsDelivered).toBe(4);
    expect(r.contract.commitmentForPeriod).toBe(30);
    expect(r.contract.byWeek.map((w) => w.mqls)).toEqual([2, 1, 1, 0, 0]);
    expect(r.contract.byWeek.reduce((n, w) => n + w.commitment, 0)).toBeCloseTo(30, 0);
  });

  it('measures the SLA: first touch in time, hours to first touch, attempts', () => {
    expect(r.contract.firstTouchedInTime).toEqual({ share: 0.333, of: 3 });
    expect(r.contract.hoursToFirstTouch).toEqual({ median: 2, p90: 48 });
    expect(r.contract.attemptsPerLead).toBe(1.3);
  });

  it('follows this month’s cohort through the funnel, by source and form', () => {
    expect(r.funnel.total.counts).toEqual({ lead: 5, mql: 4, sql: 2, opportunity: 2, customer: 1 });
    expect(r.funnel.total.conversion).toEqual({ mql: 0.8, sql: 0.5, opportunity: 1, customer: 0.5 });
    expect(r.funnel.bySource.map((s) => [s.key, s.counts.lead])).toEqual([['ORGANIC_SEARCH', 3], ['PAID_SEARCH', 2]]);
    expect(r.funnel.byForm.find((f) => f.key === 'Content download')!.counts.mql).toBe(1);
    // Lower median of an even count: lead→MQL [1, 2, 8, 15] days → 2; SQL→opportunity [6, 7] → 6.
    expect(r.funnel.medianDaysInStage).toEqual({ lead: 2, mql: 2, sql: 6, opportunity: 10 });
  });

  it('tells marketing which channels sales accepts and rejects', () => {
    expect(r.quality.bySource).toEqual([
      { key: 'ORGANIC_SEARCH', mqls: 3, accepted: 2, rejected: 1, acceptedShare: 0.667, rejectedShare: 0.333 },
      { key: 'PAID_SEARCH', mqls: 1, accepted: 0, rejected: 0, acceptedShare: 0, rejectedShare: 0 },
    ]);
  });

  it('works the contract back from revenue with the measured rates', () => {
    expect(r.calculator.leadToOpportunity).toBe(0.5); // 2 opportunities of 4 MQLs
    expect(r.calculator.opportunityToCustomer).toBe(0.5);
    expect(r.calculator.plan).toEqual({ dealsPerMonth: 10, opportunitiesPerMonth: 20, mqlsPerMonth: 40, gapToCommitment: 10 });
  });
});
