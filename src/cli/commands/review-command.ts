import { Command, InvalidArgumentError } from 'commander';
import { loadSlaConfig } from '../../config/load-sla-config';
import { buildReviewPack } from '../../review/build-review-pack';
import { reviewHtmlFile, reviewMarkdown } from '../../review/render-review';
import { sendReview } from '../../review/send-review';
import { reviewChannelsFrom } from '../../review/wire-monthly-review';
import { CliError, print, withStore } from '../cli-context';
import { monthOption } from './contract-propose-command';

/**
 * `leadloop review --month YYYY-MM`: the monthly review's pack on demand, as Markdown or a standalone HTML file;
 * `--send` delivers it through the same claims as the scheduled review (a recipient who has it gets nothing more).
 */
export function reviewCommand(): Command {
  return new Command('review')
    .description('produce the monthly review of a month (MQLs vs the contract in force, SLA by owner, funnel and quality by source, revenue, proposal); --send delivers it')
    .requiredOption('--month <YYYY-MM>', 'the month to review', monthOption)
    .option('--format <format>', 'md or html (html: a file that stands alone, charts inlined)', (v) => {
      if (!['md', 'html'].includes(v)) throw new InvalidArgumentError('expected md or html');
      return v;
    }, 'md')
    .option('--send', 'send it to config/sla.json review.recipients (SMTP_URL) and Slack (SLACK_WEBHOOK_URL), once per recipient')
    .option('--dry-run', 'with --send: list who would receive it, send nothing')
    .option('--status', "list the month's sends (sent, failed, or claimed and never confirmed) instead of the pack")
    .option('--at <instant>', 'the time to prepare it at (ISO; default now): rates and the proposal are measured up to it', (v) => {
      if (Number.isNaN(Date.parse(v))) throw new InvalidArgumentError('expected an ISO date-time, e.g. 2026-12-01T14:00:00Z');
      return v;
    })
    .action(async (o: { month: string; format: 'md' | 'html'; send?: boolean; dryRun?: boolean; at?: string; status?: boolean }) => {
      await withStore(async (store, config) => {
        if (o.status) {
          const sends = await store.reviewSends(o.month);
          if (sends.length === 0) return print(`no send of the ${o.month} review recorded`);
          for (const s of sends) print(`${s.channel.padEnd(6)} ${s.recipient.padEnd(32)} ${s.status === 'sending' ? 'claimed, never confirmed (a crash mid-send? check with the recipient)' : s.status} (${s.attempts} attempt${s.attempts === 1 ? '' : 's'}${s.sentAt ? `, sent ${new Date(s.sentAt).toISOString()}` : ''}${s.lastError ? `, last error: ${s.lastError}` : ''})`);
          return;
        }
        const sla = loadSlaConfig(config.env.LEADLOOP_SLA_CONFIG);
        const now = o.at ? Date.parse(o.at) : Date.now();
        const pack = await buildReviewPack(store, sla, { month: o.month, now, ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}) });
        if (!o.send) {
          if (o.dryRun) throw new CliError('--dry-run goes with --send (without --send nothing is sent anyway)');
          return process.stdout.write(o.format === 'html' ? reviewHtmlFile(pack) : reviewMarkdown(pack));
        }
        const channels = reviewChannelsFrom(config, sla);
        if (!channels.email && !channels.slack) throw new CliError('nowhere to send: set SMTP_URL (with review.recipients in config/sla.json) or SLACK_WEBHOOK_URL');
        if (channels.email && sla.review.recipients.length === 0) print('no review.recipients in config/sla.json: no email is sent');
        const lines = await sendReview({ store, pack, recipients: sla.review.recipients, channels, now, dryRun: !!o.dryRun });
        for (const l of lines) print(`${l.channel.padEnd(6)} ${l.recipient.padEnd(32)} ${l.outcome}${l.error ? `: ${l.error}` : ''}`);
        if (lines.some((l) => l.outcome === 'failed')) throw new CliError('some sends failed: run the command again to retry them (the others are not sent twice)');
      });
    });
}
