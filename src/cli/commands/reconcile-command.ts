import { Command, InvalidArgumentError } from 'commander';
import { loadScoringConfig } from '../../config/load-scoring-config';
import { createHubspotCrm, privateAppTokens } from '../../crm/hubspot/hubspot-crm';
import { writtenPropertyNames } from '../../domain/plan-crm-update';
import { createLogger } from '../../log/create-logger';
import { wireReconciler } from '../../reconcile/wire-reconciler';
import { SLA_PROPERTIES } from '../../sla/sla-terms';
import { CliError, print, withStore } from '../cli-context';

const portalId = (v: string) => {
  if (!/^\d+$/.test(v)) throw new InvalidArgumentError('expected a HubSpot portal id (digits)');
  return Number(v);
};

export function reconcileCommand(): Command {
  return new Command('reconcile')
    .description('run one reconciliation round now: read back what changed in HubSpot since the last round and queue what leadloop never heard (the running server decides it)')
    .option('--portal <id>', 'only this portal', portalId)
    .option('--dry-run', 'show which contacts and deals would be healed; queue nothing, keep the watermark')
    .action(async (o: { portal?: number; dryRun?: boolean }) => {
      await withStore(async (store, config) => {
        const e = config.env;
        // The private-app token here; OAuth portals are reconciled by the running server on its schedule.
        const token = config.hubspot.accessToken;
        if (!token) throw new CliError('reconcile reads HubSpot: set HUBSPOT_ACCESS_TOKEN (OAuth portals are reconciled by the running server, LEADLOOP_RECONCILE_SCHEDULE)');
        const tokens = privateAppTokens(token, config.hubspot.baseUrl);
        const crm = createHubspotCrm({ baseUrl: config.hubspot.baseUrl, tokenFor: tokens, rateLimit: { max: e.LEADLOOP_HUBSPOT_MAX_REQUESTS, windowMs: e.LEADLOOP_HUBSPOT_WINDOW_MS } });
        const rules = loadScoringConfig(e.LEADLOOP_SCORING_CONFIG).rules;
        const reconciler = wireReconciler({
          store,
          crm,
          portals: async () => [await tokens.portalId()],
          rules,
          ownProperties: new Set([...writtenPropertyNames(rules), ...Object.values(SLA_PROPERTIES)]),
          logger: createLogger({ level: 'warn' }),
          metrics: { round: () => undefined, healed: () => undefined, watermark: () => undefined },
          onQueued: () => undefined,
          options: { overlapMs: e.LEADLOOP_RECONCILE_OVERLAP_MS, maxPages: e.LEADLOOP_RECONCILE_MAX_PAGES },
        });
        const result = await reconciler.run(Date.now(), { ...(o.portal === undefined ? {} : { portalId: o.portal }), dryRun: o.dryRun === true });
        if (result.skipped) throw new CliError('another reconciliation is running (the lease is held); try again in a few minutes', 3);
        const verb = o.dryRun ? 'would heal' : 'healed';
        for (const p of result.portals) {
          for (const [object, r] of [['contacts', p.contacts], ['deals', p.deals]] as const) {
            print(`portal ${p.portalId} ${object.padEnd(8)} checked ${r.checked}, ${verb} ${r.healed.length}${r.healed.length ? ` (${r.healed.slice(0, 20).join(', ')}${r.healed.length > 20 ? ', …' : ''})` : ''}; ${r.searches} search(es); watermark ${new Date(r.watermark).toISOString()}${r.complete ? '' : ' (page limit reached: run again to go on)'}`);
          }
        }
        if (!o.dryRun) print('queued events are decided by the running server (npm start)');
      });
    });
}
