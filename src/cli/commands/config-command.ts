import fs from 'node:fs';
import { Command, Option } from 'commander';
import { checkRuleProperties } from '../../config/check-rule-properties';
import { ConfigError } from '../../config/config-error';
import { loadScoringConfig, scoringJsonSchema } from '../../config/load-scoring-config';
import { loadSlaConfig } from '../../config/load-sla-config';
import { CliError, cliConfig, print } from '../cli-context';

export const SCHEMA_FILE = 'config/scoring.schema.json';

type RulesKind = 'scoring' | 'sla';

/** An SLA contract has a first-touch deadline; scoring rules have fit and engagement. Unreadable: scoring's error. */
function kindOf(file: string): RulesKind {
  try {
    const json: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    return typeof json === 'object' && json !== null && ('firstTouch' in json || 'monthlyMqlCommitment' in json) ? 'sla' : 'scoring';
  } catch {
    return 'scoring';
  }
}

function checkRulesFile(file: string, kind: RulesKind): string {
  if (kind === 'sla') {
    const sla = loadSlaConfig(file);
    return `${file}: OK (SLA contract: ${sla.monthlyMqlCommitment} MQLs a month; first touch within ${sla.firstTouch.deadlineHours} ${sla.firstTouch.mode} hours; ${sla.attempts.minimum} attempts within ${sla.attempts.withinDays} days)`;
  }
  const { rules, hash } = loadScoringConfig(file);
  // Valid rules can still name properties a real portal lacks: say so on stderr, without failing the check.
  for (const w of checkRuleProperties(rules)) process.stderr.write(`${file}: warning: ${w}\n`);
  return `${file}: OK (scoring rules, version ${hash}; ${rules.fit.rules.length} fit rules, ${rules.engagement.rules.length} engagement rules, ${rules.readyToBuy.signals.length} ready-to-buy signals)`;
}

export function configCommand(): Command {
  const config = new Command('config').description('check and describe the rules files');
  config
    .command('check')
    .description('validate rules files: the scoring rules and the SLA contract; prints every problem with its path, exits 1 on any')
    .argument('[files...]', 'files to check (default: LEADLOOP_SCORING_CONFIG and LEADLOOP_SLA_CONFIG)')
    .addOption(new Option('--kind <kind>', 'what the files are (default: told by their content)').choices(['scoring', 'sla']))
    .action((files: string[], opts: { kind?: RulesKind }) => {
      const env = cliConfig().env;
      const targets: Array<[string, RulesKind | undefined]> =
        files.length > 0 ? files.map((f) => [f, opts.kind]) : [[env.LEADLOOP_SCORING_CONFIG, 'scoring'], [env.LEADLOOP_SLA_CONFIG, 'sla']];
      const problems: string[] = [];
      for (const [file, kind] of targets) {
        if (!fs.existsSync(file)) {
          problems.push(`${file}: no such file (pass the path of a scoring rules or SLA file, or set LEADLOOP_SCORING_CONFIG / LEADLOOP_SLA_CONFIG)`);
          continue;
        }
        try {
          print(checkRulesFile(file, kind ?? kindOf(file)));
        } catch (e) {
          if (!(e instanceof ConfigError)) throw e;
          problems.push(e.message);
        }
      }
      if (problems.length > 0) throw new CliError(problems.join('\n'), 1);
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
