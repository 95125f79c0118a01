import fs from 'node:fs';
import { Command } from 'commander';
import { ConfigError } from '../../config/config-error';
import { costsJsonSchema } from '../../config/costs-schema';
import { importCostsCsv } from '../../config/import-costs-csv';
import { loadCostsConfig } from '../../config/load-costs-config';
import { cliConfig, CliError, print } from '../cli-context';

const SCHEMA_FILE = 'config/costs.schema.json';

/** `leadloop costs`: marketing's spend per source or campaign and month, the "return" half of the report. */
export function costsCommand(): Command {
  const costs = new Command('costs').description('marketing costs per source or campaign and month (config/costs.json): cost per MQL, per customer, revenue ÷ cost');
  costs
    .command('import')
    .description('merge a CSV of costs (header: month,source,campaign,amount[,note]; one of source or campaign per row) into the costs file')
    .argument('<file>', 'the CSV file')
    .option('--costs <file>', 'the costs file to write (default: LEADLOOP_COSTS_CONFIG, config/costs.json)')
    .option('--dry-run', 'print what would be written, write nothing')
    .action((file: string, o: { costs?: string; dryRun?: boolean }) => {
      const target = o.costs ?? cliConfig().env.LEADLOOP_COSTS_CONFIG;
      let csv: string;
      try {
        csv = fs.readFileSync(file, 'utf8');
      } catch (e) {
        throw new CliError(`cannot read ${file}: ${(e as Error).message}`);
      }
      try {
        const { config, added, replaced } = importCostsCsv(csv, loadCostsConfig(target), file);
        const text = `${JSON.stringify(config, null, 2)}\n`;
        if (o.dryRun) {
          process.stdout.write(text);
          print(`dry run: ${added} cost(s) would be added and ${replaced} replaced in ${target}; nothing written`);
          return;
        }
        fs.writeFileSync(`${target}.tmp`, text);
        fs.renameSync(`${target}.tmp`, target); // never a half-written costs file
        print(`${added} cost(s) added and ${replaced} replaced in ${target} (${config.costs.length} in all)`);
      } catch (e) {
        if (e instanceof ConfigError) throw new CliError(e.message);
        throw e;
      }
    });
  costs
    .command('schema')
    .description(`print the JSON Schema of the costs file, or write ${SCHEMA_FILE}`)
    .option('--write', `write ${SCHEMA_FILE} instead of printing`)
    .action((o: { write?: boolean }) => {
      const text = `${JSON.stringify(costsJsonSchema(), null, 2)}\n`;
      if (!o.write) return void process.stdout.write(text);
      fs.writeFileSync(SCHEMA_FILE, text);
      print(`wrote ${SCHEMA_FILE}`);
    });
  return costs;
}
