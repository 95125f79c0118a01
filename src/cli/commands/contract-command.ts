import { Command, InvalidArgumentError } from 'commander';
import { loadSlaConfig } from '../../config/load-sla-config';
import { planContract } from '../../domain/contract-calculator';
import { loadReport } from '../../report/load-report';
import { cliConfig, CliError, print, withStore } from '../cli-context';
import { contractAdoptCommand, contractHistoryCommand } from './contract-adopt-command';
import { contractProposeCommand } from './contract-propose-command';

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

/**
 * `leadloop contract`: how many MQLs a month the revenue target needs, and the gap to today's commitment; its
 * subcommands keep the contract's versions (`history`, `adopt`, `propose`).
 */
export function contractCommand(): Command {
  const command = new Command('contract')
    .description('work back from a monthly revenue target to the deals, opportunities and MQLs needed per month; keep the contract\'s versions')
    // Required for the calculation itself, checked in its action: commander checks a parent's required options for
    // every subcommand too, and `contract history` needs no revenue.
    .option('--revenue <n>', 'revenue target per month (required without a subcommand)', positive('--revenue'))
    .option('--deal-value <n>', 'average deal value (required without a subcommand)', positive('--deal-value'))
    .option('--lead-to-opp <r>', 'share of MQLs that become opportunities (0–1; default: measured)', rate('--lead-to-opp'))
    .option('--opp-to-customer <r>', 'share of opportunities won (0–1; default: measured)', rate('--opp-to-customer'))
    .option('--since <date>', 'measure missing rates from leads since this date (YYYY-MM-DD; default 90 days ago)', (v) => {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(v))) throw new InvalidArgumentError('expected YYYY-MM-DD');
      return v;
    })
    .action(async (o: { revenue?: number; dealValue?: number; leadToOpp?: number; oppToCustomer?: number; since?: string }) => {
      for (const [value, flag] of [[o.revenue, '--revenue <n>'], [o.dealValue, '--deal-value <n>']] as const) {
        if (value === undefined) command.error(`error: required option '${flag}' not specified`, { code: 'commander.missingMandatoryOptionValue' });
      }
      const revenue = o.revenue!;
      const dealValue = o.dealValue!;
      const config = cliConfig();
      const sla = loadSlaConfig(config.env.LEADLOOP_SLA_CONFIG);
      let { leadToOpp, oppToCustomer } = o;
      if (leadToOpp === undefined || oppToCustomer === undefined) {
        // Measured from the funnel leadloop has seen: leads of the period, followed as far as they went.
        const from = o.since ?? new Date(Date.now() - 90 * 86_400_000).toISOString().slice(0, 10);
        const measured = await withStore((store) => loadReport(store, sla, { from, to: new Date().toISOString().slice(0, 10) }));
        leadToOpp ??= measured.calculator.leadToOpportunity ?? undefined;
        oppToCustomer ??= measured.calculator.opportunityToCustomer ?? undefined;
        print(`rates measured from leads since ${from}: lead → opportunity ${leadToOpp ?? 'unknown'}, opportunity → customer ${oppToCustomer ?? 'unknown'}`);
        if (!leadToOpp || !oppToCustomer) throw new CliError('not enough funnel history to measure the rates: pass --lead-to-opp and --opp-to-customer');
      }
      const commitment = sla.monthlyMqlCommitment;
      const p = planContract({ revenuePerMonth: revenue, averageDealValue: dealValue, leadToOpportunity: leadToOpp, opportunityToCustomer: oppToCustomer, currentCommitment: commitment });
      print(`deals per month:         ${p.dealsPerMonth}`);
      print(`opportunities per month: ${p.opportunitiesPerMonth}`);
      print(`MQLs per month:          ${p.mqlsPerMonth}`);
      print(`current commitment:      ${commitment} (config/sla.json)`);
      print(p.gapToCommitment > 0 ? `gap: marketing must deliver ${p.gapToCommitment} more MQLs a month` : `no gap: the commitment covers the target by ${-p.gapToCommitment} MQLs`);
    });
  for (const sub of [contractHistoryCommand(), contractAdoptCommand(), contractProposeCommand()]) command.addCommand(sub);
  return command;
}
