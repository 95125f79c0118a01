import { Command, InvalidArgumentError, Option } from 'commander';
import { ConfigError } from '../../config/config-error';
import { loadScoringConfig, type LoadedScoringConfig } from '../../config/load-scoring-config';
import { loadSlaConfig } from '../../config/load-sla-config';
import { createOwnerDirectory } from '../../crm/owner-directory';
import { createPortalFacts } from '../../crm/portal-facts';
import { createDecider } from '../../domain/decide';
import type { RuleSet } from '../../domain/diff-contact';
import { propertiesNeeded } from '../../domain/plan-crm-update';
import { createLogger } from '../../log/create-logger';
import { applyRules } from '../../rules/apply-rules';
import { changeJson, csvLine, CSV_HEADER, summaryLines, tableLine, type DiffFormat } from '../../rules/format-rule-diff';
import { scanRuleDiff } from '../../rules/scan-rule-diff';
import { createSlaTracker } from '../../sla/track-sla';
import { createContactReader } from '../../writeback/contact-reader';
import { createWriteBack } from '../../writeback/write-back';
import { readRunningInstance } from '../../runtime/instance-lock';
import { CliError, print, withStore } from '../cli-context';
import { openPortalCrm } from '../open-portal-crm';

const parseTime = (v: string) => {
  const t = Date.parse(v);
  if (Number.isNaN(t) || !/[zZ]|[+-]\d\d:?\d\d$/.test(v)) throw new InvalidArgumentError('expected an ISO time with a zone, e.g. 2026-11-24T09:00:00Z');
  return t;
};
const parsePortal = (v: string) => {
  if (!/^\d+$/.test(v)) throw new InvalidArgumentError('expected a numeric portal id');
  return Number(v);
};

function ruleSet(file: string): RuleSet & { loaded: LoadedScoringConfig } {
  try {
    const loaded = loadScoringConfig(file);
    return { rules: loaded.rules, hash: loaded.hash, decide: createDecider(loaded.rules, loaded.hash), loaded };
  } catch (e) {
    if (e instanceof ConfigError) throw new CliError(e.message, 1);
    throw e;
  }
}

/** A progress line rewritten in place on a terminal; nothing when stderr is a file or a pipe. */
const progressLine = (label: string) => (text: string) => {
  if (process.stderr.isTTY) process.stderr.write(`\r${label}: ${text}\u001b[K`);
};

export function rulesCommand(): Command {
  const rules = new Command('rules').description('preview a change of scoring rules on every contact leadloop holds, then apply it');

  rules
    .command('diff')
    .description('score every stored contact under the rules in force and under a candidate file, and report what would change (no CRM call)')
    .requiredOption('--rules <file>', 'the candidate scoring rules')
    .option('--portal <id>', 'only this portal\'s contacts', parsePortal)
    .addOption(new Option('--format <format>', 'output').choices(['table', 'json', 'csv']).default('table'))
    .option('--at <iso>', 'score as of this time (default: now)', parseTime)
    .action(async (o: { rules: string; portal?: number; format: DiffFormat; at?: number }) => {
      await withStore(async (store, config) => {
        const current = ruleSet(config.env.LEADLOOP_SCORING_CONFIG);
        const candidate = ruleSet(o.rules);
        const now = o.at ?? Date.now();
        const header = { current: current.hash, candidate: candidate.hash, at: now };
        let first = true;
        if (o.format === 'csv') print(CSV_HEADER);
        if (o.format === 'json') process.stdout.write(`{"rules":${JSON.stringify({ current: current.hash, candidate: candidate.hash, at: new Date(now).toISOString() })},"changes":[`);
        const summary = await scanRuleDiff({
          store,
          current,
          candidate,
          now,
          ...(o.portal !== undefined ? { portalId: o.portal } : {}),
          onPage: (page) => {
            // Written page by page: 100,000 contacts never sit in memory as output.
            const out: string[] = [];
            for (const { contact, diff } of page) {
              if (!diff.change) continue;
              if (o.format === 'csv') out.push(`${csvLine(contact.portalId, diff.change)}\n`);
              else if (o.format === 'table') out.push(`${tableLine(contact.portalId, diff.change)}\n`);
              else out.push(`${first ? '\n' : ',\n'}${JSON.stringify(changeJson(contact.portalId, diff.change))}`);
              first = false;
            }
            if (out.length > 0) process.stdout.write(out.join(''));
          },
        });
        if (o.format === 'json') return print(`\n],"summary":${JSON.stringify(summary)}}`);
        // CSV stays one table on stdout; its totals go to stderr.
        const lines = summaryLines(header, summary);
        if (o.format === 'csv') for (const l of lines) process.stderr.write(`${l}\n`);
        else {
          if (!first) print('');
          for (const l of lines) print(l);
        }
      });
    });

  rules
    .command('apply')
    .description('make a candidate file the rules in force (a new rules version), then re-score the contacts whose decision changes and write them back; run again to finish an interrupted apply')
    .requiredOption('--rules <file>', 'the candidate scoring rules')
    .option('--portal <id>', 'write through this installed OAuth portal (default: the HUBSPOT_ACCESS_TOKEN private app\'s portal)', parsePortal)
    .option('--dry-run', 'say what would change; record and write nothing')
    .option('--author <name>', 'who applies it (default: $USER)')
    .option('--at <iso>', 'score as of this time (default: now)', parseTime)
    .action(async (o: { rules: string; portal?: number; dryRun?: boolean; author?: string; at?: number }) => {
      await withStore(async (store, config) => {
        const e = config.env;
        const current = ruleSet(e.LEADLOOP_SCORING_CONFIG);
        const candidate = ruleSet(o.rules);
        const now = o.at ?? Date.now();
        const header = { current: current.hash, candidate: candidate.hash, at: now };
        if (o.dryRun === true || e.LEADLOOP_DRY_RUN) {
          if (current.hash === candidate.hash) throw new CliError(`${o.rules} is already the rule set in force (version ${current.hash}); nothing to apply`, 0);
          const summary = await scanRuleDiff({ store, current, candidate, now, ...(o.portal !== undefined ? { portalId: o.portal } : {}) });
          for (const l of summaryLines(header, summary)) print(l);
          return print('dry run: no version recorded, nothing re-scored or written');
        }
        // A running server keeps deciding with the rules it started with: it would write the old scores back over
        // the re-scored contacts. Applying is a change of the server's rules, so it is done while it is stopped.
        const running = readRunningInstance(config.dataDir);
        if (running) throw new CliError(`leadloop is running on ${config.dataDir} (pid ${running.pid}): stop it, run \`leadloop rules apply\` again, then start it, so it decides with the new rules`, 2);
        const logger = createLogger({ level: 'warn' });
        // Through HubSpot (an OAuth portal or the private app) in the background share of the portal's rate budget;
        // with neither, the decisions are stored only.
        const portal = await openPortalCrm(store, config, o.portal);
        const hubspot = portal?.crm;
        const facts = hubspot ? createPortalFacts(hubspot, candidate.rules.lifecycle.salesAccepted, { now: () => now }) : undefined;
        const writeBack = hubspot ? createWriteBack({ crm: hubspot, store, logger, windowMs: e.LEADLOOP_CRM_BATCH_WINDOW_MS, stagesOf: facts!.stages }) : undefined;
        // The webhooks' SLA tracker: a contact this apply makes an MQL gets its SLA clock (and routed owner) now.
        const sla = createSlaTracker({ store, sla: loadSlaConfig(e.LEADLOOP_SLA_CONFIG), ...(hubspot ? { owners: createOwnerDirectory(hubspot, { now: () => now }) } : {}), logger, now: () => now });
        const show = progressLine('re-scoring');
        const result = await applyRules({
          store,
          current,
          candidate,
          activeFile: e.LEADLOOP_SCORING_CONFIG,
          author: o.author ?? process.env.USER ?? 'unknown',
          now,
          logger,
          sla,
          ...(portal ? { portalId: portal.portalId } : o.portal !== undefined ? { portalId: o.portal } : {}),
          ...(hubspot && writeBack ? { crm: { reader: createContactReader(hubspot, propertiesNeeded(candidate.rules), e.LEADLOOP_CRM_BATCH_WINDOW_MS), writeBack, facts: facts! } } : {}),
          onProgress: (p) => show(`${p.scanned} contacts read, ${p.rescored} re-scored, ${p.alreadyDone} done before, ${p.failed} failed`),
        });
        if (!result) throw new CliError(`${o.rules} is already the rule set in force (version ${current.hash}); nothing to apply`, 0);
        await writeBack?.drain(); // the notes gathered last
        if (process.stderr.isTTY) process.stderr.write('\n');
        if (result.resumed) print(`rules version ${candidate.hash} is already in force: finishing its re-score (against version ${result.from})`);
        else print(`rules version ${candidate.hash} recorded and copied to ${e.LEADLOOP_SCORING_CONFIG}`);
        for (const l of summaryLines({ ...header, current: result.from }, result.summary)) print(l);
        const where = portal ? ` and written back to portal ${portal.portalId} (${portal.mode})` : ' (stored only: no HUBSPOT_ACCESS_TOKEN or --portal)';
        print(`${result.rescored} contact(s) re-scored${where}, ${result.alreadyDone} re-scored by an earlier run, ${result.failed} failed`);
        if (result.failed > 0) print('run the same `leadloop rules apply` again to retry the failed contacts');
        if (!result.resumed) print('restart leadloop (npm start) so the running server scores with this version');
        if (result.failed > 0) process.exitCode = 1;
      });
    });
  return rules;
}
