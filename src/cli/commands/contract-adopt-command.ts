import fs from 'node:fs';
import os from 'node:os';
import { Command, InvalidArgumentError } from 'commander';
import { loadSlaConfig } from '../../config/load-sla-config';
import { contractTermsOf, termsHash } from '../../contract/contract-terms';
import { adoptContract } from '../../contract/record-contract';
import { CliError, cliConfig, print, withStore } from '../cli-context';

export const dateOption = (v: string): string => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(v))) throw new InvalidArgumentError('expected YYYY-MM-DD');
  return v;
};
export const defaultAuthor = (): string => {
  try {
    return os.userInfo().username;
  } catch {
    return 'unknown';
  }
};

/** `leadloop contract adopt [file]`: records a contract version with its start and author, and makes it config/sla.json. */
export function contractAdoptCommand(): Command {
  return new Command('adopt')
    .description('record the contract in FILE (default: config/sla.json as it is) as a version in force from --from, and make it the SLA file')
    .argument('[file]', 'an SLA contract file (validated like config/sla.json)')
    .option('--from <YYYY-MM-DD>', 'in force from this day, 00:00 UTC (default: now)', dateOption)
    .option('--author <name>', 'who agreed to it (default: your user name)')
    .option('--dry-run', 'show the version without recording it or writing the file')
    .action(async (file: string | undefined, o: { from?: string; author?: string; dryRun?: boolean }) => {
      const config = cliConfig();
      const slaFile = config.env.LEADLOOP_SLA_CONFIG;
      const source = file ?? slaFile;
      const sla = loadSlaConfig(source);
      const now = Date.now();
      const startsAt = o.from ? Date.parse(`${o.from}T00:00:00Z`) : now;
      const terms = contractTermsOf(sla);
      print(`contract ${termsHash(terms)}: ${terms.monthlyMqlCommitment} MQLs a month; first touch within ${terms.firstTouch.deadlineHours} ${terms.firstTouch.mode} hours; ${terms.attempts.minimum} attempts within ${terms.attempts.withinDays} days; in force from ${new Date(startsAt).toISOString()}`);
      if (o.dryRun) return print(`dry run: nothing recorded, ${slaFile} unchanged`);
      const fileJson: unknown = JSON.parse(fs.readFileSync(source, 'utf8'));
      const v = await withStore((store) => adoptContract({ store, sla, fileJson, slaFile, startsAt, now, author: o.author ?? defaultAuthor() })).catch((e: unknown) => {
        throw new CliError(`could not record the contract: ${(e as Error).message}`);
      });
      print(`recorded as version ${v.id} by ${v.author}; ${slaFile} now holds it`);
    });
}

/** `leadloop contract history`: the versions, oldest first. */
export function contractHistoryCommand(): Command {
  return new Command('history')
    .description('list the contract versions with their start, author and terms')
    .option('--json', 'as JSON')
    .action(async (o: { json?: boolean }) => {
      const versions = await withStore((store) => store.contractVersions());
      if (o.json) return print(JSON.stringify(versions, null, 2));
      if (versions.length === 0) return print('no version recorded yet: leadloop records config/sla.json at its next start (or run `leadloop contract adopt`)');
      for (const v of versions) {
        const t = v.terms;
        print(`${String(v.id).padStart(4)}  from ${new Date(v.startsAt).toISOString().slice(0, 16).replace('T', ' ')}  ${String(t.monthlyMqlCommitment).padStart(5)} MQLs/month  first touch ${t.firstTouch.deadlineHours} ${t.firstTouch.mode} h  ${t.attempts.minimum} attempts/${t.attempts.withinDays} d  by ${v.author}`);
      }
    });
}
