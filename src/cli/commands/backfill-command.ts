import { Command, InvalidArgumentError } from 'commander';
import { createBackfill } from '../../backfill/create-backfill';
import { progressReporter } from '../../backfill/report-progress';
import { loadScoringConfig } from '../../config/load-scoring-config';
import { createHubspotCrm, privateAppTokens } from '../../crm/hubspot/hubspot-crm';
import { withPropertiesReady } from '../../crm/with-properties-ready';
import { createLogger } from '../../log/create-logger';
import { loadSlaConfig } from '../../config/load-sla-config';
import { createSlaTracker } from '../../sla/track-sla';
import { CliError, print, withStore } from '../cli-context';

interface BackfillCliOptions { portal?: number; since?: number; limit?: number; dryRun?: boolean; openSla?: boolean }

const positive = (v: string) => {
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new InvalidArgumentError('expected a whole number above 0');
  return Number(v);
};
const date = (v: string) => {
  const t = Date.parse(v);
  if (Number.isNaN(t)) throw new InvalidArgumentError('expected a date, e.g. 2026-01-31 or 2026-01-31T09:00:00Z');
  return t;
};

export function backfillCommand(): Command {
  return new Command('backfill')
    .description('score every contact of the portal (resumable; shares the rate budget, live webhooks first)')
    .option('--portal <id>', 'the portal (default: the private-app token\'s)', positive)
    .option('--since <date>', 'only contacts modified since this date', date)
    .option('--limit <n>', 'at most this many contacts in this run (the next run continues)', positive)
    .option('--dry-run', 'decide and log; write nothing to HubSpot')
    .option('--open-sla', 'start SLA clocks for MQLs found (default: no, owners are not tasked about old leads)')
    .action(async (o: BackfillCliOptions) =>
      withStore(async (store, config) => {
        const e = config.env;
        const { accessToken, baseUrl } = config.hubspot;
        if (!accessToken) throw new CliError('set HUBSPOT_ACCESS_TOKEN (a private app, or the sandbox\'s token from `npm start`); OAuth portals are backfilled by the running app after install');
        const logger = createLogger({ level: e.LOG_LEVEL });
        // Its own process: it takes its share of the portal's budget and leaves the rest to the running app.
        const tokens = privateAppTokens(accessToken, baseUrl);
        const raw = createHubspotCrm({ baseUrl, tokenFor: tokens, rateLimit: { max: e.LEADLOOP_HUBSPOT_MAX_REQUESTS, windowMs: e.LEADLOOP_HUBSPOT_WINDOW_MS, backgroundShare: e.LEADLOOP_BACKFILL_RATE_SHARE }, priority: 'background' });
        const crm = withPropertiesReady(raw);
        const portalId = o.portal ?? (await tokens.portalId());
        const now = Date.now;
        const sla = o.openSla ? createSlaTracker({ store, sla: loadSlaConfig(e.LEADLOOP_SLA_CONFIG), logger, now }) : undefined;
        const backfill = createBackfill({ crm, store, rules: loadScoringConfig(e.LEADLOOP_SCORING_CONFIG), logger, now, windowMs: e.LEADLOOP_CRM_BATCH_WINDOW_MS, dryRun: o.dryRun ?? e.LEADLOOP_DRY_RUN, ...(sla ? { sla } : {}) });
        let stop = false;
        process.once('SIGINT', () => (stop = true));
        const result = await backfill.run({ portalId, ...(o.since === undefined ? {} : { since: o.since }), ...(o.limit === undefined ? {} : { limit: o.limit }), onProgress: progressReporter(logger), shouldStop: () => stop });
        print(`backfill ${result.finished ? 'finished' : 'stopped'}: ${result.done}/${result.total} contacts${result.finished ? '' : ' (run again to continue)'}`);
      }),
    );
}
