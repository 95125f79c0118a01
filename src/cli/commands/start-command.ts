import { Command } from 'commander';
import { main } from '../../main';

export function startCommand(): Command {
  return new Command('start')
    .description('run leadloop (the same as `npm start`): webhook intake, worker, write-back and HTTP endpoints')
    .option('--dry-run', 'compute, store and log decisions; write nothing to HubSpot (LEADLOOP_DRY_RUN=1)')
    .action((opts: { dryRun?: boolean }) => {
      // The environment is the one configuration source: the flag is its shorthand.
      if (opts.dryRun) process.env.LEADLOOP_DRY_RUN = '1';
      return main();
    });
}
