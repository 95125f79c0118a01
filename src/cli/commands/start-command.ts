import { Command, Option } from 'commander';
import { main } from '../../main';

export function startCommand(): Command {
  return new Command('start')
    .description('run leadloop (the same as `npm start`): webhook intake, worker, write-back and HTTP endpoints')
    .option('--dry-run', 'compute, store and log decisions; write nothing to HubSpot (LEADLOOP_DRY_RUN=1)')
    .addOption(
      new Option('--role <role>', 'web: receive and acknowledge webhooks, serve the dashboard; worker: score, write back, run the scheduled jobs; all: both (LEADLOOP_ROLE; web and worker need PostgreSQL)').choices(['web', 'worker', 'all']),
    )
    .action((opts: { dryRun?: boolean; role?: string }) => {
      // The environment is the one configuration source: the flags are its shorthands.
      if (opts.dryRun) process.env.LEADLOOP_DRY_RUN = '1';
      if (opts.role) process.env.LEADLOOP_ROLE = opts.role;
      return main();
    });
}
