import fs from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { ConfigError } from '../../config/config-error';
import { formatZodIssues } from '../../config/format-zod-issues';
import { loadScoringConfig } from '../../config/load-scoring-config';
import { createDecider } from '../../domain/decide';
import { CliError, print } from '../cli-context';
import { contactFileSchema, type ContactFile } from '../contact-file-schema';

function parseTime(value: string): number {
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw new InvalidArgumentError('expected an ISO date-time, e.g. 2026-11-23T09:00:00Z');
  return t;
}

export function scoreCommand(): Command {
  return new Command('score')
    .description('score one contact given as a JSON file ({id, properties, events?}) and print the breakdown')
    .requiredOption('--contact <file>', 'contact JSON in HubSpot object shape')
    .option('--config <file>', 'scoring rules', 'config/scoring.json')
    .option('--at <iso>', 'score as of this time (default: now)', parseTime)
    .option('--json', 'print the whole decision as JSON')
    .action((opts: { contact: string; config: string; at?: number; json?: boolean }) => {
      let rules;
      try {
        rules = loadScoringConfig(opts.config);
      } catch (e) {
        if (e instanceof ConfigError) throw new CliError(e.message, 1);
        throw e;
      }
      let json: unknown;
      try {
        json = JSON.parse(fs.readFileSync(opts.contact, 'utf8'));
      } catch (e) {
        throw new CliError(`${opts.contact}: ${(e as Error).message}`);
      }
      const parsed = contactFileSchema.safeParse(json);
      if (!parsed.success) throw new CliError(`${opts.contact} is invalid:\n${formatZodIssues(parsed.error).map((p) => `  - ${p}`).join('\n')}`);
      const contact = parsed.data as ContactFile;
      const decision = createDecider(rules.rules, rules.hash)({ id: contact.id, properties: contact.properties }, contact.events, opts.at ?? Date.now());
      if (opts.json) return print(JSON.stringify(decision, null, 2));
      print(decision.explanation);
      print('');
      print(`rules version ${rules.hash}; ledger sums to ${decision.score}`);
    });
}
