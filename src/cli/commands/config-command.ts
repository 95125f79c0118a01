import fs from 'node:fs';
import { Command } from 'commander';
import { ConfigError } from '../../config/config-error';
import { loadScoringConfig, scoringJsonSchema } from '../../config/load-scoring-config';
import { CliError, print } from '../cli-context';

export const SCHEMA_FILE = 'config/scoring.schema.json';

export function configCommand(): Command {
  const config = new Command('config').description('check and describe the rules files');
  config
    .command('check')
    .description('validate a scoring rules file; prints every problem with its path, exits non-zero on any')
    .argument('[file]', 'rules file', 'config/scoring.json')
    .action((file: string) => {
      try {
        const { rules, hash } = loadScoringConfig(file);
        print(`${file}: OK (version ${hash}; ${rules.fit.rules.length} fit rules, ${rules.engagement.rules.length} engagement rules, ${rules.readyToBuy.signals.length} ready-to-buy signals)`);
      } catch (e) {
        if (e instanceof ConfigError) throw new CliError(e.message, 1);
        throw e;
      }
    });
  config
    .command('schema')
    .description(`print the JSON Schema of the scoring rules (editors use it to autocomplete), or write ${SCHEMA_FILE}`)
    .option('--write', `write ${SCHEMA_FILE} instead of printing`)
    .action((opts: { write?: boolean }) => {
      const text = `${JSON.stringify(scoringJsonSchema(), null, 2)}\n`;
      if (opts.write) {
        fs.writeFileSync(SCHEMA_FILE, text);
        print(`wrote ${SCHEMA_FILE}`);
      } else process.stdout.write(text);
    });
  return config;
}
