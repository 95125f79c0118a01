import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { CrmCallMetrics } from '../crm/crm-metrics';
import { LIFECYCLE_ORDER } from '../domain/lifecycle-stage';
import type { DecisionMetrics } from '../processing/score-contacts';
import type { ReconcileMetrics } from '../reconcile/reconcile-metrics';
import type { SlaMetrics } from '../sla/sla-metrics';
import type { WriteBackMetrics } from '../writeback/write-back';

export interface Metrics {
  registry: Registry;
  eventsReceived: Counter;
  eventsStored: Counter;
  eventsDuplicate: Counter;
  eventsIgnored: Counter;
  eventsProcessed: Counter;
  eventsFailed: Counter;
  eventsDead: Counter;
  ackSeconds: Histogram;
  queueDepth: Gauge;
  hubspotRequests: Counter<'endpoint' | 'status'>;
  rateLimitWaits: Counter<'reason'>;
  rateLimitWaitSeconds: Counter<'reason'>;
  rateLimitPauses: Counter;
  contactsUpdated: Counter<'source'>;
  notesWritten: Counter;
  decisions: Counter<'stage' | 'changed'>;
  slaItemsOpened: Counter;
  slaTransitions: Counter<'status'>;
  slaNotices: Counter<'channel' | 'outcome'>;
  /** The same counters as the plain calls the modules take (they import no metrics library). */
  observers: { crm: CrmCallMetrics; writeBack: WriteBackMetrics; decisions: DecisionMetrics; sla: SlaMetrics; reconcile: ReconcileMetrics; backfill: BackfillMetrics };
}

/** A backfill's progress per portal (its onProgress), for /metrics. */
export interface BackfillMetrics {
  progress(p: { portalId: number; done: number; total: number; etaSeconds: number | null }): void;
}

/** A lifecycle stage as a label: HubSpot's default stages by name; portal-defined ones (ids) as `other`, none as `none`. */
const stageLabel = (stage: string): string => (stage === '' ? 'none' : (LIFECYCLE_ORDER as readonly string[]).includes(stage) ? stage : 'other');

/**
 * One registry per app instance (not prom-client's global), so tests and two apps in a process stay apart.
 * Node's default metrics keep their stock names (`process_*`, `nodejs_*`), so stock dashboards work.
 */
export function createMetrics(readQueueDepth: () => Promise<{ pending: number; processing: number; dead: number }>): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const counter = (name: string, help: string) => new Counter({ name, help, registers: [registry] });
  const labelled = <L extends string>(name: string, help: string, labelNames: readonly L[]) => new Counter<L>({ name, help, labelNames, registers: [registry] });

  const hubspotRequests = labelled('leadloop_hubspot_requests_total', 'HTTP calls to HubSpot by endpoint (a template, no ids) and status (2xx, the HTTP code of a refusal such as 429 or 502, or network_error)', ['endpoint', 'status']);
  const rateLimitWaits = labelled('leadloop_hubspot_rate_limit_waits_total', "Requests that waited in their portal's rate limiter, by reason (window: the window was full; pause: a 429 pause was in force)", ['reason']);
  const rateLimitWaitSeconds = labelled('leadloop_hubspot_rate_limit_wait_seconds_total', "Seconds requests waited in their portal's rate limiter, by reason", ['reason']);
  const rateLimitPauses = counter('leadloop_hubspot_rate_limit_pauses_total', "429 answers that paused their portal's requests for HubSpot's hint");
  const contactsUpdated = labelled('leadloop_crm_contacts_updated_total', 'Contacts updated in HubSpot, by source (decision: a write-back; sla_audit: an SLA status)', ['source']);
  const notesWritten = counter('leadloop_crm_notes_written_total', 'Notes created in HubSpot (one per forward stage change)');
  const decisions = labelled('leadloop_decisions_total', 'Decisions recorded, by resulting lifecycle stage and whether they changed it (stage="marketingqualifiedlead",changed="true": MQLs made)', ['stage', 'changed']);
  const slaItemsOpened = counter('leadloop_sla_items_opened_total', 'SLA items opened (one per MQL)');
  const slaTransitions = labelled('leadloop_sla_item_transitions_total', 'SLA items that moved into a status (overdue: a breach, still running; met, breached, closed: settled)', ['status']);
  const slaNotices = labelled('leadloop_sla_notices_total', 'SLA notices handed to a channel, by channel and outcome (sent, failed)', ['channel', 'outcome']);
  const slaDeadLetters = labelled('leadloop_sla_notices_dead_total', 'SLA notices a channel never took after the last retry: dead letters, listed by `leadloop sla list --failed`', ['channel']);
  const reconcileHealed = labelled('leadloop_reconcile_healed_total', 'Objects whose changes leadloop never heard (webhooks dropped or refused) that reconciliation queued for a new decision, by object', ['object']);
  const reconcileRounds = labelled('leadloop_reconcile_rounds_total', 'Reconciliation rounds by outcome (complete; bounded: stopped at its page limit, goes on next round; skipped: another instance held the lease; failed)', ['outcome']);
  const reconcileWatermark = new Gauge({ name: 'leadloop_reconcile_watermark_seconds', help: "How far reconciliation has read each portal's objects: their HubSpot modification time, in Unix seconds", labelNames: ['portal', 'object'], registers: [registry] });
  for (const object of ['contacts', 'deals']) reconcileHealed.inc({ object }, 0);
  const gauge = (name: string, help: string) => new Gauge({ name, help, labelNames: ['portal'], registers: [registry] });
  const backfillDone = gauge('leadloop_backfill_contacts_done', "Contacts the portal's backfill has scored");
  const backfillTotal = gauge('leadloop_backfill_contacts_total', "Contacts the portal's backfill will have scored when it finishes");
  const backfillEta = gauge('leadloop_backfill_eta_seconds', "Seconds until the portal's backfill finishes at its current rate (0 when done)");
  // Series an operator graphs from the start show 0 rather than nothing.
  for (const reason of ['window', 'pause']) {
    rateLimitWaits.inc({ reason }, 0);
    rateLimitWaitSeconds.inc({ reason }, 0);
  }
  for (const source of ['decision', 'sla_audit']) contactsUpdated.inc({ source }, 0);
  for (const stage of LIFECYCLE_ORDER) decisions.inc({ stage, changed: 'true' }, 0);
  for (const status of ['overdue', 'met', 'breached', 'closed']) slaTransitions.inc({ status }, 0);

  return {
    registry,
    eventsReceived: counter('leadloop_webhook_events_received_total', 'Webhook events received in signed, well-formed deliveries'),
    eventsStored: counter('leadloop_webhook_events_stored_total', 'Webhook events durably stored for the first time'),
    eventsDuplicate: counter('leadloop_webhook_events_duplicate_total', 'Webhook events already stored (redeliveries)'),
    eventsIgnored: counter('leadloop_webhook_events_ignored_total', 'Stored events of types leadloop does not act on'),
    eventsProcessed: counter('leadloop_events_processed_total', 'Events applied by the worker'),
    eventsFailed: counter('leadloop_events_failed_total', 'Event applications that failed and will be retried'),
    eventsDead: counter('leadloop_events_dead_total', 'Events parked as dead letters'),
    ackSeconds: new Histogram({
      name: 'leadloop_webhook_ack_seconds',
      help: 'Time from request start to the acknowledgement of a webhook delivery',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    queueDepth: new Gauge({
      name: 'leadloop_event_queue_depth',
      help: 'Stored events by queue state',
      labelNames: ['state'],
      registers: [registry],
      async collect() {
        const counts = await readQueueDepth();
        for (const [state, n] of Object.entries(counts)) this.set({ state }, n);
      },
    }),
    hubspotRequests,
    rateLimitWaits,
    rateLimitWaitSeconds,
    rateLimitPauses,
    contactsUpdated,
    notesWritten,
    decisions,
    slaItemsOpened,
    slaTransitions,
    slaNotices,
    observers: {
      crm: {
        request: (endpoint, status) => hubspotRequests.inc({ endpoint, status }),
        rateLimitWait: (reason, seconds) => {
          rateLimitWaits.inc({ reason });
          rateLimitWaitSeconds.inc({ reason }, seconds);
        },
        rateLimitPause: () => rateLimitPauses.inc(),
      },
      writeBack: {
        contactsUpdated: (n) => contactsUpdated.inc({ source: 'decision' }, n),
        notesWritten: (n) => notesWritten.inc(n),
      },
      decisions: {
        decision: (stage, changed) => decisions.inc({ stage: stageLabel(stage), changed: String(changed) }),
      },
      sla: {
        opened: () => slaItemsOpened.inc(),
        transition: (status) => slaTransitions.inc({ status }),
        notice: (channel, outcome) => slaNotices.inc({ channel, outcome }),
        deadLetter: (channel) => slaDeadLetters.inc({ channel }),
        statusesWritten: (n) => contactsUpdated.inc({ source: 'sla_audit' }, n),
      },
      reconcile: {
        round: (outcome) => reconcileRounds.inc({ outcome }),
        healed: (object, n) => reconcileHealed.inc({ object }, n),
        watermark: (portalId, object, at) => reconcileWatermark.set({ portal: String(portalId), object }, at / 1000),
      },
      backfill: {
        progress: ({ portalId, done, total, etaSeconds }) => {
          const portal = String(portalId);
          backfillDone.set({ portal }, done);
          backfillTotal.set({ portal }, total);
          if (etaSeconds !== null) backfillEta.set({ portal }, etaSeconds);
        },
      },
    },
  };
}
