import { Command } from 'commander';
import { main } from '../../main';

export function startCommand(): Command {
  return new Command('start')
    .description('run leadloop (the same as `npm start`): webhook intake, worker and HTTP endpoints')
    .action(() => main());
}
