import { Command, InvalidArgumentError } from 'commander';
import { z } from 'zod';
import { loadSlaConfig } from '../../config/load-sla-config';
import { createHubspotCrm, privateAppTokens } from '../../crm/hubspot/hubspot-crm';
import { createLogger } from '../../log/create-logger';
import { hubspotTaskNotifier } from '../../notify/hubspot-task-notifier';
import { slackNotifier } from '../../notify/slack-notifier';
import type { Notifier } from '../../notify/notifier-port';
import { createSlaAudit } from '../../sla/run-sla-audit';
import { CliError, print, withStore } from '../cli-context';

const isoTime = (v: string) => {
  const r = z.iso.datetime({ offset: true }).safeParse(v);
  if (!r.success) throw new InvalidArgumentError('expected an ISO time with a zone, e.g. 2026-11-24T09:00:00Z');
  return Date.parse(v);
};
const when = (ms: number | null) => (ms === null ? '-' : new Date(ms).toISOString().slice(0, 16).replace('T', ' '));

export function slaCommand(): Command {
  const sla = new Command('sla').description('the follow-up SLA between marketing and sales (config/sla.json)');

  sla
    .command('audit')
    .description('run one SLA audit now (or as of --at) and print one line per notice sent or, with --dry-run, due')
    .option('--at <iso>', 'audit as of this time instead of now', isoTime)
    .option('--dry-run', 'show what is due; send nothing, change nothing')
    .action(async (o: { at?: number; dryRun?: boolean }) => {
      await withStore(async (store, config) => {
        const e = config.env;
        const dryRun = o.dryRun === true || e.LEADLOOP_DRY_RUN;
        const logger = createLogger({ level: 'warn' });
        // Tasks need CRM access: the private-app token here (OAuth portals are audited by the running server).
        const crm = config.hubspot.accessToken ? createHubspotCrm({ baseUrl: config.hubspot.baseUrl, tokenFor: privateAppTokens(config.hubspot.accessToken, config.hubspot.baseUrl), rateLimit: { max: e.LEADLOOP_HUBSPOT_MAX_REQUESTS, windowMs: e.LEADLOOP_HUBSPOT_WINDOW_MS } }) : undefined;
        const notifiers: Notifier[] = [...(crm ? [hubspotTaskNotifier(crm)] : []), ...(e.SLACK_WEBHOOK_URL ? [slackNotifier(e.SLACK_WEBHOOK_URL)] : [])];
        if (!dryRun && notifiers.length === 0) throw new CliError('no channel to notify owners: set HUBSPOT_ACCESS_TOKEN (tasks) or SLACK_WEBHOOK_URL, or pass --dry-run');
        const audit = createSlaAudit({ store, sla: loadSlaConfig(e.LEADLOOP_SLA_CONFIG), notifiers, crm: dryRun ? undefined : crm, logger, holder: `cli-${process.pid}` });
        const result = await audit.run(o.at ?? Date.now(), { dryRun });
        if (result.skipped) throw new CliError('another audit is running (the lease is held); try again in a few minutes', 3);
        for (const l of result.lines) print(`${l.outcome.padEnd(12)} contact ${l.contactId.padEnd(10)} owner ${(l.ownerId ?? '-').padEnd(10)} ${l.notice.padEnd(20)} due ${when(l.dueAt)} (portal ${l.portalId})`);
        print(`${result.itemsChecked} SLA item(s) checked, ${result.lines.length} notice(s) ${dryRun ? 'due (dry run: nothing sent)' : 'acted on'}`);
      });
    });

  sla
    .command('list')
    .description('list running SLA items (MQLs awaiting follow-up), soonest due first')
    .option('--overdue', 'only those past the first-touch deadline and still untouched')
    .option('--failed', 'instead: notices a channel failed, still being retried or given up (dead letters)')
    .option('--owner <id>', 'only this owner\'s', (v) => {
      if (!/^\d+$/.test(v)) throw new InvalidArgumentError('expected a HubSpot owner id (digits)');
      return v;
    })
    .option('--limit <n>', 'at most this many', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer');
      return n;
    }, 100)
    .action(async (o: { overdue?: boolean; failed?: boolean; owner?: string; limit: number }) => {
      await withStore(async (store) => {
        if (o.failed) {
          const failed = await store.failedNotifications(o.limit);
          print(`${'contact'.padEnd(10)} ${'notice'.padEnd(20)} ${'state'.padEnd(12)} ${'attempts'.padEnd(8)} ${'next try'.padEnd(16)} ${'sent on'.padEnd(24)} failed on: last error`);
          for (const n of failed) print(`${n.contactId.padEnd(10)} ${n.kind.padEnd(20)} ${(n.status === 'dead' ? 'dead letter' : 'retrying').padEnd(12)} ${String(n.attempts).padEnd(8)} ${when(n.nextAttemptAt).padEnd(16)} ${(n.sentChannels.join(',') || '-').padEnd(24)} ${n.failedChannels.join(',')}: ${n.lastError ?? ''}`);
          print(`${failed.length} failed notice(s)`);
          return;
        }
        const items = await store.listSlaItems({ overdue: o.overdue === true, ...(o.owner ? { ownerId: o.owner } : {}), limit: o.limit });
        print(`${'contact'.padEnd(10)} ${'owner'.padEnd(10)} ${'status'.padEnd(8)} ${'MQL at'.padEnd(16)} ${'first touch due'.padEnd(16)} ${'touched'.padEnd(16)} attempts`);
        for (const i of items) print(`${i.contactId.padEnd(10)} ${(i.ownerId ?? '-').padEnd(10)} ${i.status.padEnd(8)} ${when(i.openedAt).padEnd(16)} ${when(i.firstTouchDueAt).padEnd(16)} ${when(i.firstTouchAt).padEnd(16)} ${i.touches.length}`);
        print(`${items.length} item(s)`);
      });
    });
  return sla;
}
