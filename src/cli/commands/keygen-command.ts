import { randomBytes } from 'node:crypto';
import { Command } from 'commander';
import { print } from '../cli-context';

export function keygenCommand(): Command {
  return new Command('keygen')
    .description('print a new LEADLOOP_ENCRYPTION_KEY (32 random bytes, hex)')
    .action(() => print(randomBytes(32).toString('hex')));
}
