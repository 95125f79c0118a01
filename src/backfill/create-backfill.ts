import type { LoadedScoringConfig } from '../config/load-scoring-config';
import type { ContactDealsPort } from '../crm/contact-deals-port';
import type { CrmPort } from '../crm/crm-port';
import { dealActivities } from './deal-activities';
import type { ObjectSearchPort } from '../crm/object-search-port';
import { createPortalFacts } from '../crm/portal-facts';
import { createDecider } from '../domain/decide';
import { propertiesNeeded, writtenPropertyNames } from '../domain/plan-crm-update';
import type { Logger } from '../log/create-logger';
import { createDealReader } from '../processing/read-deals';
import { createFormSubmissionResolver } from '../processing/resolve-form-submission';
import { scoreContacts, type DecisionMetrics } from '../processing/score-contacts';
import { REPORT_READ_PROPERTIES } from '../report/report-properties';
import { SLA_PROPERTIES, SLA_READ_PROPERTIES } from '../sla/sla-terms';
import type { SlaTracker } from '../sla/track-sla';
import type { Store } from '../store/store-port';
import { createContactReader } from '../writeback/contact-reader';
import { createWriteBack, type WriteBackMetrics } from '../writeback/write-back';
import { BACKFILL_HISTORY_PROPERTIES } from './activities-from-properties';
import { createPrimedReader } from './primed-reader';
import { runBackfill, type BackfillOptions, type BackfillProgress } from './run-backfill';

export interface BackfillDeps {
  /** A CRM whose calls take the `background` turn in the portal's limiter (rate-limiter.ts). */
  crm: CrmPort & ObjectSearchPort & Partial<ContactDealsPort>;
  store: Store;
  rules: LoadedScoringConfig;
  logger: Logger;
  now: () => number;
  windowMs: number;
  dryRun?: boolean;
  /** With `--open-sla` only: MQLs found by the backfill get SLA clocks (default: owners are not tasked about old leads). */
  sla?: SlaTracker;
  metrics?: { decisions?: DecisionMetrics; writeBack?: WriteBackMetrics };
}

export type RunOptions = Pick<BackfillOptions, 'portalId' | 'since' | 'limit' | 'onProgress' | 'shouldStop' | 'pageSize'>;

/** A backfill over the same engine, write-back and note keys as webhooks, with its own batches. */
export function createBackfill(d: BackfillDeps): { run(o: RunOptions): Promise<BackfillProgress> } {
  const rules = d.rules.rules;
  const properties = [...new Set([...propertiesNeeded(rules), ...SLA_READ_PROPERTIES, ...REPORT_READ_PROPERTIES, ...BACKFILL_HISTORY_PROPERTIES])];
  const facts = createPortalFacts(d.crm, rules.lifecycle.salesAccepted, { now: d.now });
  const writeBack = createWriteBack({ crm: d.crm, store: d.store, logger: d.logger, windowMs: d.windowMs, dryRun: d.dryRun ?? false, now: d.now, stagesOf: facts.stages, ...(d.metrics?.writeBack ? { metrics: d.metrics.writeBack } : {}) });
  const reader = createPrimedReader(createContactReader(d.crm, properties, d.windowMs));
  const deals = createDealReader(d.crm, { now: d.now });
  // Deals a page at a time where the CRM reads them in batches (HubSpot does; a test double may not).
  const { readContactsDeals, readDeals } = d.crm;
  const pageActivities = readContactsDeals && readDeals ? dealActivities({ readContactsDeals, readDeals }, deals, (p, deal, contact) => d.store.linkDeal(p, deal, contact)) : undefined;
  const scorer = scoreContacts({
    store: d.store,
    decide: createDecider(rules, d.rules.hash),
    logger: d.logger,
    now: d.now,
    crm: {
      reader,
      writeBack,
      ownProperties: new Set([...writtenPropertyNames(rules), ...Object.values(SLA_PROPERTIES)]),
      resolveForm: createFormSubmissionResolver(d.crm, d.windowMs, d.now),
      deals,
      facts,
    },
    ...(d.sla ? { sla: d.sla } : {}),
    ...(d.metrics?.decisions ? { metrics: d.metrics.decisions } : {}),
    rejection: rules.lifecycle.disqualified,
  });
  return {
    async run(o) {
      // Notes a killed run left unwritten (stage in HubSpot, note pending): written once, after a look in HubSpot.
      if (!d.dryRun) await writeBack.sweep();
      try {
        return await runBackfill({ ...o, search: d.crm, scorer, prime: reader.prime, store: d.store, properties, logger: d.logger, now: d.now, dryRun: d.dryRun ?? false, ...(pageActivities ? { pageActivities } : {}) });
      } finally {
        // Notes gather over a longer window than updates: write what waits before the run returns.
        await writeBack.drain();
      }
    },
  };
}
