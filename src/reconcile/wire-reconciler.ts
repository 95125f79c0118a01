import type { CrmSearchPort } from '../crm/crm-search-port';
import type { ScoringRules } from '../domain/scoring-rules';
import type { Logger } from '../log/create-logger';
import { subscribedProperties } from '../manifest/build-webhooks-manifest';
import type { Store } from '../store/store-port';
import type { ReconcileMetrics } from './reconcile-metrics';
import { createReconciler, type ReconcileOptions, type Reconciler } from './run-reconcile';

/** HubSpot retries a failed delivery for 24 h: a first round reads back that far (facts §1). */
const FIRST_LOOKBACK_MS = 24 * 3_600_000;

/**
 * The contact properties reconciliation compares: every one leadloop subscribes to (what the rules, the write
 * plan and the SLA read), except the ones only leadloop writes — a lost echo of its own write changes no decision.
 * `lifecyclestage` stays: people move it too.
 */
export function reconciledContactProperties(rules: ScoringRules, ownProperties: ReadonlySet<string>): string[] {
  return subscribedProperties(rules).filter((name) => name === 'lifecyclestage' || !ownProperties.has(name));
}

export function wireReconciler(o: {
  store: Store;
  crm: CrmSearchPort;
  portals: () => Promise<number[]>;
  rules: ScoringRules;
  ownProperties: ReadonlySet<string>;
  logger: Logger;
  metrics: ReconcileMetrics;
  onQueued: () => void;
  options: Omit<ReconcileOptions, 'firstLookbackMs'> & Partial<Pick<ReconcileOptions, 'firstLookbackMs'>>;
}): Reconciler {
  return createReconciler({
    store: o.store,
    crm: o.crm,
    portals: o.portals,
    contactProperties: reconciledContactProperties(o.rules, o.ownProperties),
    logger: o.logger,
    metrics: o.metrics,
    onQueued: o.onQueued,
    options: { firstLookbackMs: FIRST_LOOKBACK_MS, ...o.options },
  });
}
