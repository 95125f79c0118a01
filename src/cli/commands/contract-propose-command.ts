import fs from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { loadSlaConfig } from '../../config/load-sla-config';
import { slaSchema } from '../../config/sla-schema';
import { loadProposal, monthStart } from '../../contract/load-proposal';
import { adoptContract } from '../../contract/record-contract';
import { isProposal } from '../../domain/propose-contract';
import { CliError, cliConfig, print, withStore } from '../cli-context';
import { defaultAuthor } from './contract-adopt-command';

export const monthOption = (v: string): string => {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(v)) throw new InvalidArgumentError('expected YYYY-MM, e.g. 2026-12');
  return v;
};
const pct = (v: number) => `${Math.round(v * 1000) / 10}%`;

/**
 * `leadloop contract propose`: the MQLs next month needs; `--adopt` records it as the version in force from that month's
 * first day. The revenue target and deal value come from config/sla.json `target`, or `contract --revenue --deal-value`.
 */
export function contractProposeCommand(): Command {
  return new Command('propose')
    .description("propose next month's MQL commitment from the revenue target, the average deal value and the rates of the last 90 days")
    .option('--month <YYYY-MM>', 'the month to propose for (default: next month, UTC)', monthOption)
    .option('--adopt', "record the proposal as the contract's next version (in force from the month's first day)")
    .option('--author <name>', 'who adopts it (default: your user name)')
    .option('--dry-run', 'with --adopt: show what would be recorded, record nothing')
    .option('--json', 'print the proposal as JSON')
    .option('--at <instant>', 'measure as of this time (ISO; default now)', (v) => {
      if (Number.isNaN(Date.parse(v))) throw new InvalidArgumentError('expected an ISO date-time, e.g. 2026-12-01T14:00:00Z');
      return v;
    })
    .action(async (o: { month?: string; adopt?: boolean; author?: string; dryRun?: boolean; json?: boolean; at?: string }, cmd: Command) => {
      // --revenue and --deal-value belong to `contract` (its parser takes them wherever they stand).
      const g = cmd.optsWithGlobals<{ revenue?: number; dealValue?: number }>();
      const config = cliConfig();
      const slaFile = config.env.LEADLOOP_SLA_CONFIG;
      const sla = loadSlaConfig(slaFile);
      const now = o.at ? Date.parse(o.at) : Date.now();
      await withStore(async (store) => {
        const { proposal } = await loadProposal(store, sla, { now, ...(o.month ? { month: o.month } : {}), ...(g.revenue !== undefined ? { revenue: g.revenue } : {}), ...(g.dealValue !== undefined ? { dealValue: g.dealValue } : {}) });
        if (o.json) print(JSON.stringify(proposal, null, 2));
        if (!isProposal(proposal)) throw new CliError(`${proposal.code}: ${proposal.message}`);
        const p = proposal;
        if (!o.json) {
          print(`Proposal for ${p.month}`);
          print(`  revenue target ${p.inputs.revenuePerMonth}, average deal ${p.inputs.averageDealValue}`);
          print(`  rates measured ${p.inputs.ratesMeasuredFrom} to ${p.inputs.ratesMeasuredTo}: lead → opportunity ${pct(p.inputs.leadToOpportunity)}, opportunity → customer ${pct(p.inputs.opportunityToCustomer)}`);
          print(`  needs ${p.plan.dealsPerMonth} deals, ${p.plan.opportunitiesPerMonth} opportunities, ${p.plan.mqlsPerMonth} MQLs`);
          print(`  current commitment: ${p.currentCommitment} MQLs a month`);
          print(`  delivered in ${p.delivered.month}: ${p.delivered.mqls} MQLs (commitment ${p.delivered.commitment})`);
          print(`  proposed commitment: ${p.proposedCommitment} MQLs a month (${p.proposedCommitment - p.currentCommitment >= 0 ? '+' : ''}${p.proposedCommitment - p.currentCommitment})`);
        }
        if (!o.adopt) return;
        const fileJson = { ...(JSON.parse(fs.readFileSync(slaFile, 'utf8')) as Record<string, unknown>), monthlyMqlCommitment: p.proposedCommitment };
        const next = slaSchema.parse(fileJson);
        const startsAt = monthStart(p.month);
        if (o.dryRun) return print(`dry run: would record ${p.proposedCommitment} MQLs a month in force from ${new Date(startsAt).toISOString()} and write it to ${slaFile}`);
        const v = await adoptContract({ store, sla: next, fileJson, slaFile, startsAt, now, author: o.author ?? defaultAuthor() });
        print(`adopted: version ${v.id}, ${p.proposedCommitment} MQLs a month from ${new Date(startsAt).toISOString().slice(0, 10)}, by ${v.author}; ${slaFile} holds it`);
      });
    });
}
