#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { CliError } from './cli-context';
import { backfillCommand } from './commands/backfill-command';
import { configCommand } from './commands/config-command';
import { contractCommand } from './commands/contract-command';
import { costsCommand } from './commands/costs-command';
import { crmCommand } from './commands/crm-command';
import { dbCommand } from './commands/db-command';
import { demoCommand } from './commands/demo-command';
import { devCommand } from './commands/dev-command';
import { doctorCommand } from './commands/doctor-command';
import { explainCommand } from './commands/explain-command';
import { reportCommand } from './commands/report-command';
import { reviewCommand } from './commands/review-command';
import { rulesCommand } from './commands/rules-command';
import { scoreCommand } from './commands/score-command';
import { eventsCommand } from './commands/events-command';
import { keygenCommand } from './commands/keygen-command';
import { manifestCommand } from './commands/manifest-command';
import { portalsCommand } from './commands/portals-command';
import { reconcileCommand } from './commands/reconcile-command';
import { sandboxCommand } from './commands/sandbox-command';
import { slaCommand } from './commands/sla-command';
import { startCommand } from './commands/start-command';

export function buildProgram(): Command {
  const program = new Command('leadloop')
    .description('leadloop: marketing and sales as one team, inside HubSpot')
    .version(require('../../package.json').version as string)
    .showHelpAfterError('(run with --help for usage)');
  for (const command of [startCommand(), configCommand(), scoreCommand(), explainCommand(), crmCommand(), manifestCommand(), portalsCommand(), eventsCommand(), devCommand(), keygenCommand(), sandboxCommand(), demoCommand(), slaCommand(), contractCommand(), reportCommand(), reviewCommand(), costsCommand(), doctorCommand(), rulesCommand(), reconcileCommand(), backfillCommand(), dbCommand()]) program.addCommand(command);
  return program;
}

async function run(argv: string[]): Promise<void> {
  try {
    await buildProgram().exitOverride().parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      process.exitCode = e.exitCode;
      return;
    }
    if (e instanceof CliError) {
      process.stderr.write(`leadloop: ${e.message}\n`);
      process.exitCode = e.exitCode;
      return;
    }
    process.stderr.write(`leadloop: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  }
}

if (require.main === module) {
  // `leadloop explain 1001 | head`: the reader closed the pipe, which is a normal end, not a crash.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  void run(process.argv);
}
