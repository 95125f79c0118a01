import type { SlaConfig } from '../config/sla-schema';
import type { OwnerDirectory } from '../crm/owner-directory';
import type { Decision } from '../domain/decide';
import { leadAttempts, type ContactLead } from '../domain/sales-acceptance';
import { evaluateSla, SAME_TOUCH_MS, withTouch } from '../domain/sla-policy';
import type { Logger } from '../log/create-logger';
import type { PropertyChange } from '../store/contact-store-port';
import type { StoredSlaItem } from '../store/sla-store-port';
import type { Store } from '../store/store-port';
import { readTouches } from './read-touches';
import type { SlaMetrics } from './sla-metrics';
import { prepareOwners, routeOwner, type PreparedOwners } from './route-owner';
import { SLA_PROPERTIES, termsOf } from './sla-terms';

const CHANGED_MEANWHILE = Symbol('changed meanwhile');

/** A decision that opens an SLA (when none is open): the contact just became an MQL. */
const opensSla = (decision: Decision) => decision.stage.changed && decision.stage.to === 'marketingqualifiedlead';
/** The contact's owner in HubSpot, if it has one: an SLA opened without one routes an owner. */
const ownerIn = (crm: SlaObservation['crm']) => crm?.hubspot_owner_id || null;
const ACCEPTED = new Set(['salesqualifiedlead', 'opportunity', 'customer', 'evangelist']);

export interface SlaObservation {
  decision: Decision;
  /** This group's property changes, from the webhooks (not the CRM read). */
  changes: readonly PropertyChange[];
  /** What the CRM holds now, when leadloop reads it. */
  crm: Readonly<Record<string, string | null>> | null;
  /** The contact's hs_lead_status as leadloop knows it. */
  leadStatus: string | null;
  /** The contact's Sales Hub leads, when read (their call and email counts are attempts). */
  leads?: readonly ContactLead[] | null;
  /** What `prepareRouting` read, for routing an unowned MQL without calling HubSpot. */
  routing?: PreparedOwners;
}

export interface SlaTracker {
  /** Opens, advances or closes the contact's SLA; returns the properties to keep in step in HubSpot. */
  observe(portalId: number, contactId: string, o: SlaObservation): Promise<Record<string, string>>;
  /**
   * Reads what routing an unowned MQL will need from HubSpot (the portal's owners, cached), to be handed to
   * `observe` (`routing`), which runs inside the store's unit of work and must not wait on HubSpot. Undefined when
   * the observation cannot route: owned in HubSpot, or, when the decision is given, not an MQL just reached. Without
   * the decision (it is taken inside the unit of work) any unowned contact gets them. A failed read is handed on
   * too: `observe` then leaves the lead unowned.
   */
  prepareRouting(portalId: number, obs: Pick<SlaObservation, 'crm'> & { decision?: Decision }): Promise<PreparedOwners | undefined>;
}

/**
 * The SLA's bookkeeping as events arrive (the audit job does the notifying). Rules, as a salesperson expects:
 * - An MQL opens one SLA; an unowned MQL gets an owner by the routing rule, written to `hubspot_owner_id`.
 * - Every call, email, meeting or working lead status after the MQL counts once, at its time; the first stops
 *   the first-touch clock.
 * - Sales accepting the lead (SQL or beyond) settles it: acceptance counts as the first touch if none was logged.
 * - Disqualified (hs_lead_status UNQUALIFIED) closes it: nobody is chased for a lead they rejected.
 * - A new owner before the first touch gets a fresh clock (and fresh notices); after it, the clock stands.
 */
export function createSlaTracker(o: { store: Store; sla: SlaConfig; owners?: OwnerDirectory; logger: Logger; now?: () => number; metrics?: Pick<SlaMetrics, 'opened' | 'transition'> }): SlaTracker {
  const now = o.now ?? Date.now;
  const terms = termsOf(o.sla);

  // The owner is written once, when leadloop routes an unowned MQL; never after, so a person's reassignment in
  // HubSpot (which may reach the CRM before its event reaches us) is never overwritten.
  const propsOf = (item: StoredSlaItem, routedOwner?: string | null) => ({
    [SLA_PROPERTIES.due]: String(item.firstTouchDueAt),
    [SLA_PROPERTIES.status]: item.status,
    ...(routedOwner ? { hubspot_owner_id: routedOwner } : {}),
  });

  return {
    prepareRouting: async (portalId, obs) => ((!obs.decision || opensSla(obs.decision)) && !ownerIn(obs.crm) ? prepareOwners({ owners: o.owners, sla: o.sla, portalId }) : undefined),
    async observe(portalId, contactId, obs) {
      // The audit may save the item between our read and our save (it notifies in between): then read it again.
      for (let attempt = 1; ; attempt++) {
        const props = await observeOnce(portalId, contactId, obs);
        if (props !== CHANGED_MEANWHILE) return props;
        if (attempt === 3) throw new Error(`SLA item of contact ${contactId} kept changing while this event was applied; the event is retried`);
      }
    },
  };

  async function observeOnce(portalId: number, contactId: string, obs: SlaObservation): Promise<Record<string, string> | typeof CHANGED_MEANWHILE> {
    const t = now();
    let item = await o.store.activeSlaItem(portalId, contactId);
    const { decision } = obs;
    if (!item) {
      if (!opensSla(decision)) return {};
      const currentOwner = ownerIn(obs.crm);
      const ownerId = currentOwner ?? (await routeOwner({ store: o.store, owners: o.owners, sla: o.sla, portalId, logger: o.logger, ...(obs.routing ? { prepared: obs.routing } : {}) }));
      const draft = { openedAt: t, ownerId, clockStartAt: t, firstTouchAt: null, touches: [], noticesGiven: [] };
      const ev = evaluateSla(terms, draft, t);
      item = await o.store.openSlaItem({ ...draft, portalId, contactId, firstTouchDueAt: ev.firstTouchDueAt, status: ev.status, nextCheckAt: ev.nextCheckAt });
      const routed = currentOwner === null && ownerId !== null && item.ownerId === ownerId;
      o.metrics?.opened();
      o.logger.info('SLA opened', { portalId, contactId, ownerId: item.ownerId, routed, firstTouchDueAt: new Date(item.firstTouchDueAt).toISOString() });
      return propsOf(item, routed ? ownerId : null);
    }

    const next: StoredSlaItem = { ...item, touches: [...item.touches], noticesGiven: [...item.noticesGiven] };
    const ownerChange = [...obs.changes].reverse().find((c) => c.name === 'hubspot_owner_id');
    if (ownerChange?.value && ownerChange.value !== next.ownerId) {
      next.ownerId = ownerChange.value;
      if (next.firstTouchAt === null) {
        next.clockStartAt = Math.max(ownerChange.at, next.openedAt);
        next.noticesGiven = next.noticesGiven.filter((k) => k === 'attempts-breach');
      }
    }
    for (const touch of readTouches(obs.changes)) if (touch >= next.openedAt) next.touches = withTouch(next.touches, touch);
    // On a Leads portal the lead counts the calls and emails: those leadloop has not seen as touches count now,
    // a minute apart (distinct touches), never before the MQL. The counts carry no times of their own.
    for (let k = 0, missing = leadAttempts(obs.leads ?? null) - next.touches.length; k < missing; k++) {
      next.touches = withTouch(next.touches, Math.max(next.openedAt, t - k * SAME_TOUCH_MS));
    }
    const accepted = ACCEPTED.has(decision.stage.to);
    if (accepted && next.touches.length === 0) next.touches = [t];
    next.firstTouchAt = next.touches[0] ?? null;

    const ev = evaluateSla(terms, next, t);
    next.firstTouchDueAt = ev.firstTouchDueAt;
    if (accepted || obs.leadStatus === 'UNQUALIFIED') {
      const late = next.firstTouchAt !== null && next.firstTouchAt > ev.firstTouchDueAt;
      next.status = obs.leadStatus === 'UNQUALIFIED' && !accepted ? (late ? 'breached' : 'closed') : late || next.noticesGiven.includes('first-touch-breach') ? 'breached' : 'met';
      next.nextCheckAt = null;
      next.closedReason = accepted ? `sales accepted (${decision.stage.to})` : 'disqualified';
    } else {
      next.status = ev.status;
      next.nextCheckAt = ev.nextCheckAt;
    }
    if (!(await o.store.saveSlaItem(next, t, item))) return CHANGED_MEANWHILE;
    if (next.status !== item.status) {
      o.metrics?.transition(next.status);
      o.logger.info('SLA status', { portalId, contactId, from: item.status, to: next.status, reason: next.closedReason ?? undefined });
    }
    // Still unowned in HubSpot (the routing write failed and is being retried): the routed owner is written now.
    const stillUnowned = obs.crm !== null && !obs.crm.hubspot_owner_id && next.ownerId !== null;
    return propsOf(next, stillUnowned ? next.ownerId : null);
  }
}
