import { Command, InvalidArgumentError } from 'commander';
import { loadSlaConfig } from '../../config/load-sla-config';
import { planContract } from '../../domain/contract-calculator';
import { cliConfig, CliError, print } from '../cli-context';

const positive = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${name}: expected a positive number`);
  return n;
};
const rate = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0 || n > 1) throw new InvalidArgumentError(`${name}: expected a rate in (0, 1], e.g. 0.2`);
  return n;
};

/** `leadloop contract`: how many MQLs a month the revenue target needs, and the gap to today's commitment. */
export function contractCommand(): Command {
  return new Command('contract')
    .description('work back from a monthly revenue target to the deals, opportunities and MQLs needed per month')
    .requiredOption('--revenue <n>', 'revenue target per month', positive('--revenue'))
    .requiredOption('--deal-value <n>', 'average deal value', positive('--deal-value'))
    .option('--lead-to-opp <r>', 'share of MQLs that become opportunities (0–1)', rate('--lead-to-opp'))
    .option('--opp-to-customer <r>', 'share of opportunities won (0–1)', rate('--opp-to-customer'))
    .action((o: { revenue: number; dealValue: number; leadToOpp?: number; oppToCustomer?: number }) => {
      const config = cliConfig();
      if (o.leadToOpp === undefined || o.oppToCustomer === undefined) {
        // Measured rates come with the closed-loop report (issue #8); until then they must be given.
        throw new CliError('pass --lead-to-opp and --opp-to-customer (rates measured from your funnel arrive with the closed-loop report)');
      }
      const commitment = loadSlaConfig(config.env.LEADLOOP_SLA_CONFIG).monthlyMqlCommitment;
      const p = planContract({ revenuePerMonth: o.revenue, averageDealValue: o.dealValue, leadToOpportunity: o.leadToOpp, opportunityToCustomer: o.oppToCustomer, currentCommitment: commitment });
      print(`deals per month:         ${p.dealsPerMonth}`);
      print(`opportunities per month: ${p.opportunitiesPerMonth}`);
      print(`MQLs per month:          ${p.mqlsPerMonth}`);
      print(`current commitment:      ${commitment} (config/sla.json)`);
      print(p.gapToCommitment > 0 ? `gap: marketing must deliver ${p.gapToCommitment} more MQLs a month` : `no gap: the commitment covers the target by ${-p.gapToCommitment} MQLs`);
    });
}
