import { randomUUID } from 'node:crypto';
import type { CrmSearchPort } from '../crm/crm-search-port';
import { asWebhookValue, changedProperties } from '../domain/changed-properties';
import type { Logger } from '../log/create-logger';
import type { ReconcileStore, ReconciledObject } from '../store/reconcile-store-port';
import type { SlaStore } from '../store/sla-store-port';
import type { NewWebhookEvent, Store } from '../store/store-port';
import { reconciledEvent } from './reconciled-event';
import type { ReconcileMetrics } from './reconcile-metrics';
import { walkModified, type WalkedRecord } from './reconcile-object';

export interface ReconcileOptions {
  /** Re-read this much before the watermark: search lags writes, clocks differ. */
  overlapMs: number;
  /** Search calls per object type and portal in one round; the next round goes on where this one stopped. */
  maxPages: number;
  /** Where a portal's first round starts, before its first run (ms back from now). */
  firstLookbackMs: number;
  /** Smaller pages for tests of the walk; HubSpot's maximum (200) otherwise. */
  pageSize?: number;
}

export interface ReconcileDeps {
  store: ReconcileStore & Pick<Store, 'insertWebhookEvents'> & Pick<SlaStore, 'takeLease' | 'releaseLease'>;
  crm: CrmSearchPort;
  /** The portals to reconcile (installed ones, or the private app's own). */
  portals: () => Promise<number[]>;
  /** Contact properties whose changes matter: the ones the rules, the write plan and the SLA read. */
  contactProperties: readonly string[];
  logger: Logger;
  metrics?: ReconcileMetrics;
  /** Queued events are waiting: wake the worker. */
  onQueued?: () => void;
  options: ReconcileOptions;
  holder?: string;
}

export interface ObjectOutcome {
  searches: number;
  checked: number;
  /** Ids of objects whose missed changes were queued (or would be, in a dry run). */
  healed: string[];
  watermark: number;
  complete: boolean;
}

export interface PortalOutcome {
  portalId: number;
  contacts: ObjectOutcome;
  deals: ObjectOutcome;
}

export interface ReconcileResult {
  skipped: boolean;
  portals: PortalOutcome[];
}

const LEASE = 'reconcile';
const LEASE_MS = 10 * 60_000;
const DEAL_PROPERTIES = ['dealstage', 'hs_is_closed_won'];

/**
 * Reconciliation: reads back from HubSpot what changed since the last round and queues, as property-change events,
 * what leadloop never heard — deliveries HubSpot gave up on, deliveries refused while leadloop was down, changes
 * made while the app was uninstalled. Webhooks are not guaranteed (HubSpot retries failed ones for 24 h, then
 * drops them): https://developers.hubspot.com/docs/api/webhooks#retries
 */
export function createReconciler(d: ReconcileDeps) {
  const holder = d.holder ?? `reconcile-${randomUUID()}`;

  /** Contacts: every relevant property HubSpot holds and leadloop did not hear becomes one event. */
  async function contactEvents(portalId: number, records: WalkedRecord[]): Promise<Map<string, NewWebhookEvent[]>> {
    const heard = await d.store.lastHeardValues(portalId, 'contact', records.map((r) => r.id));
    const out = new Map<string, NewWebhookEvent[]>();
    for (const r of records) {
      const changed = changedProperties(r.properties, heard.get(r.id), d.contactProperties);
      if (changed.length > 0) out.set(r.id, changed.map((name) => reconciledEvent(portalId, 'contact', r.id, name, asWebhookValue(r.properties[name]), r.modifiedAt)));
    }
    return out;
  }

  /** Deals: only won ones matter (they make their contacts customers), and only when leadloop never heard it won. */
  async function dealEvents(portalId: number, records: WalkedRecord[]): Promise<Map<string, NewWebhookEvent[]>> {
    const won = records.filter((r) => r.properties.hs_is_closed_won === 'true');
    const heard = await d.store.lastHeardValues(portalId, 'deal', won.map((r) => r.id));
    const out = new Map<string, NewWebhookEvent[]>();
    for (const r of won) {
      const h = heard.get(r.id);
      if (h?.get('hs_is_closed_won') === 'true' || (h?.get('dealstage') ?? '') === (r.properties.dealstage ?? '')) continue;
      out.set(r.id, [reconciledEvent(portalId, 'deal', r.id, 'dealstage', r.properties.dealstage ?? '', r.modifiedAt), reconciledEvent(portalId, 'deal', r.id, 'hs_is_closed_won', 'true', r.modifiedAt)]);
    }
    return out;
  }

  async function reconcileObject(portalId: number, object: ReconciledObject, now: number, dryRun: boolean): Promise<ObjectOutcome> {
    const kept = (await d.store.reconcileWatermark(portalId, object)) ?? { watermark: now - d.options.firstLookbackMs, afterId: null };
    const healed: string[] = [];
    let checked = 0;
    const properties = object === 'contacts' ? d.contactProperties : DEAL_PROPERTIES;
    const walk = await walkModified(d.crm, portalId, object, { kept, overlapMs: d.options.overlapMs, maxPages: d.options.maxPages, properties, pageSize: d.options.pageSize }, async (records) => {
      checked += records.length;
      const events = object === 'contacts' ? await contactEvents(portalId, records) : await dealEvents(portalId, records);
      for (const [id, list] of events) {
        if (dryRun) {
          healed.push(id);
          continue;
        }
        // One object's events in one transaction; a record read again in the overlap stores nothing new.
        const { stored } = await d.store.insertWebhookEvents(list, now);
        if (stored > 0) healed.push(id);
      }
      if (!dryRun && events.size > 0) d.onQueued?.();
    });
    if (!dryRun) await d.store.saveReconcileWatermark(portalId, object, walk.position, now);
    return { searches: walk.searches, checked, healed, watermark: walk.position.watermark, complete: walk.complete };
  }

  async function reconcilePortal(portalId: number, now: number, dryRun: boolean): Promise<PortalOutcome> {
    const contacts = await reconcileObject(portalId, 'contacts', now, dryRun);
    const deals = await reconcileObject(portalId, 'deals', now, dryRun);
    const outcome = { portalId, contacts, deals };
    if (!dryRun) {
      d.metrics?.healed('contacts', contacts.healed.length);
      d.metrics?.healed('deals', deals.healed.length);
      d.metrics?.watermark(portalId, 'contacts', contacts.watermark);
      d.metrics?.watermark(portalId, 'deals', deals.watermark);
    }
    const healed = contacts.healed.length + deals.healed.length;
    d.logger[healed > 0 ? 'info' : 'debug']('reconciliation', {
      portalId,
      dryRun,
      contactsChecked: contacts.checked,
      contactsHealed: contacts.healed.length,
      dealsChecked: deals.checked,
      dealsHealed: deals.healed.length,
      searches: contacts.searches + deals.searches,
      complete: contacts.complete && deals.complete,
      // Ids only (never properties): enough to look a healed contact up with `leadloop explain`.
      healedContactIds: contacts.healed.slice(0, 50),
      healedDealIds: deals.healed.slice(0, 50),
    });
    return outcome;
  }

  return {
    /** One round over every portal (or one); a round another instance holds is skipped, not waited for. */
    async run(now: number, o: { portalId?: number; dryRun?: boolean } = {}): Promise<ReconcileResult> {
      if (!(await d.store.takeLease(LEASE, holder, now, LEASE_MS))) {
        d.metrics?.round('skipped');
        return { skipped: true, portals: [] };
      }
      try {
        const portals = o.portalId === undefined ? await d.portals() : [o.portalId];
        const results: PortalOutcome[] = [];
        for (const portalId of portals) results.push(await reconcilePortal(portalId, now, o.dryRun ?? false));
        d.metrics?.round(results.every((r) => r.contacts.complete && r.deals.complete) ? 'complete' : 'bounded');
        return { skipped: false, portals: results };
      } catch (error) {
        d.metrics?.round('failed');
        throw error;
      } finally {
        await d.store.releaseLease(LEASE, holder);
      }
    },
  };
}
export type Reconciler = ReturnType<typeof createReconciler>;
