import type { Decision, DecideContact, PortalFacts } from '../domain/decide';
import type { PortalFactsReader } from '../crm/portal-facts';
import type { Logger } from '../log/create-logger';
import type { SlaTracker } from '../sla/track-sla';
import { funnelFactsOf, type RejectionRule } from '../report/funnel-facts';
import type { NewActivity, PropertyChange } from '../store/contact-store-port';
import type { ContactActivity, ContactSnapshot } from '../domain/contact-activity';
import type { PreparedOwners } from '../sla/route-owner';
import type { Store } from '../store/store-port';
import type { CrmContact } from '../crm/crm-port';
import type { FormResolver } from './resolve-form-submission';
import type { DealReader } from './read-deals';
import type { ContactReader } from '../writeback/contact-reader';
import type { WriteBack } from '../writeback/write-back';
import type { EventGroup, EventProcessor } from './event-processor';
import { normaliseContactEvents } from './normalize-activities';
import { recordContactEvents } from './record-contact-events';

export interface ScoreContactsOptions {
  store: Store;
  decide: DecideContact;
  logger: Logger;
  now?: () => number;
  /** Without a CRM: the deal stages that mean closed won (HubSpot's default pipeline: `closedwon`). */
  wonStages?: readonly string[];
  /**
   * With a CRM: each contact is read from it (batched) before deciding, and each decision written back
   * (batched, only what changed). Without one, decisions are only stored.
   */
  crm?: { reader: ContactReader; writeBack: WriteBack; ownProperties: ReadonlySet<string>; resolveForm?: FormResolver; deals?: DealReader; facts?: PortalFactsReader };
  /** The follow-up SLA: opened on an MQL, moved on by sales touches (src/sla/track-sla.ts). */
  sla?: SlaTracker;
  metrics?: DecisionMetrics;
  /** What counts as sales rejecting a lead, and its reason (the rules' `lifecycle.disqualified`); hs_lead_status UNQUALIFIED when absent. */
  rejection?: RejectionRule;
}

/** What the processor reports (`/metrics`): each decision recorded, by its resulting lifecycle stage. */
export interface DecisionMetrics {
  decision(stage: string, changed: boolean): void;
}

/** The engine as a processor of webhook events, and of contacts re-read outside any event (a backfill). */
export interface ContactScorer extends EventProcessor {
  /**
   * Decides one contact as a webhook would: `activities` (what its properties alone do not say: a conversion, a
   * deal) are recorded first, then the contact is read from the CRM, decided, stored and written back. The write
   * is batched with the others; `settle()` waits for it.
   */
  rescore(portalId: number, contactId: string, activities?: readonly NewActivity[]): Promise<void>;
}

/** Changes made through the API or an integration, to properties leadloop writes: our own writes echoing. */
const ECHO_SOURCES = new Set(['INTEGRATION', 'API', 'APP', 'AUTOMATION_PLATFORM']);

function parseSubject(subjectKey: string): { kind: string; id: string } {
  const [, kind = '', id = ''] = subjectKey.split(':');
  return { kind, id };
}

/**
 * The engine's processor: keeps each contact's properties and activity from its events, then decides its
 * score, matrix cell and lifecycle stage, and stores the decision with its ledger.
 */
export function scoreContacts(o: ScoreContactsOptions): ContactScorer {
  const now = o.now ?? Date.now;
  const wonStages = new Set(o.wonStages ?? ['closedwon']);
  const record = recordContactEvents(o.store, now);
  // Per claim: CRM reads asked for up front (one batch for the claim), and write-backs not waited for by
  // the group, so the whole claim shares one batch update; settle() waits for them, claim by claim (by subject).
  const prefetched = new Map<string, Promise<CrmContact | null>>();
  const writes: Array<{ subjectKey: string; done: Promise<void> }> = [];

  const readFromCrm = (portalId: number, contactId: string): Promise<CrmContact | null> => {
    const key = `${portalId}:contact:${contactId}`;
    const early = prefetched.get(key);
    prefetched.delete(key);
    return early ?? o.crm!.reader.read(portalId, contactId);
  };

  /** Changes and activities not stored yet, and the group whose events to record in the contact's history. */
  interface Unapplied {
    changes: readonly PropertyChange[];
    activities: readonly NewActivity[];
    group?: EventGroup;
  }

  /**
   * `subjectKey` is the group the work belongs to: a failed write-back retries that group's events. `changes` are the
   * group's property changes as the SLA observes them; `unapplied` are stored here, with a CRM in the same unit of
   * work as what the CRM read returns, the decision and its bookkeeping.
   */
  async function decideAndStore(portalId: number, contactId: string, subjectKey: string, changes: readonly PropertyChange[] = [], unapplied: Unapplied = { changes: [], activities: [] }): Promise<void> {
    const outcome = o.crm ? await decideWithCrm(o.crm, portalId, contactId, changes, unapplied) : await decideWithoutCrm(portalId, contactId, changes);
    if (!outcome) return;
    const { decision, slaProperties, recorded, crmProperties } = outcome;
    if (recorded) {
      o.metrics?.decision(decision.stage.to, decision.stage.changed);
      o.logger.info('decision', { portalId, contactId, stage: `${decision.stage.from || '(none)'}→${decision.stage.to || '(none)'}`, score: decision.score, grade: decision.fit.grade, cell: decision.cell });
    }
    if (o.crm && crmProperties) {
      const done = o.crm.writeBack.submit(portalId, decision, crmProperties, slaProperties);
      done.catch(() => undefined); // observed in settle()
      writes.push({ subjectKey, done });
    }
  }

  interface Outcome {
    decision: Decision;
    recorded: boolean;
    slaProperties: Record<string, string>;
    crmProperties: Record<string, string | null> | null;
  }

  /** The decision's bookkeeping: decision and ledger, funnel, SLA (inside the caller's unit of work). */
  async function keepBooks(portalId: number, contactId: string, decision: Decision, loaded: { snapshot: ContactSnapshot; activities: readonly ContactActivity[] }, changes: readonly PropertyChange[], crm: Record<string, string | null> | null, portal: PortalFacts, routing: PreparedOwners | undefined) {
    const recorded = await o.store.saveDecision(portalId, decision);
    await o.store.recordFunnel(portalId, contactId, funnelFactsOf(decision, loaded.snapshot.properties, loaded.activities, o.rejection, portal.leads ?? null));
    const slaProperties = o.sla ? await o.sla.observe(portalId, contactId, { decision, changes, crm, leadStatus: loaded.snapshot.properties.hs_lead_status ?? null, leads: portal.leads ?? null, ...(routing ? { routing } : {}) }) : {};
    return { recorded, slaProperties };
  }

  async function decideWithoutCrm(portalId: number, contactId: string, changes: readonly PropertyChange[]): Promise<Outcome | undefined> {
    const loaded = await o.store.loadContact(portalId, contactId);
    if (!loaded) return undefined;
    const decision = o.decide(loaded.snapshot, loaded.activities, now(), {});
    const routing = await o.sla?.prepareRouting(portalId, { decision, crm: null });
    // The decision's bookkeeping as one unit of work (one transaction on PostgreSQL).
    const books = await o.store.unitOfWork(() => keepBooks(portalId, contactId, decision, loaded, changes, null, {}, routing));
    return { decision, ...books, crmProperties: null };
  }

  async function decideWithCrm(crm: NonNullable<ScoreContactsOptions['crm']>, portalId: number, contactId: string, changes: readonly PropertyChange[], unapplied: Unapplied): Promise<Outcome | undefined> {
    const storeUnapplied = () =>
      o.store.unitOfWork(async () => {
        if (unapplied.changes.length + unapplied.activities.length > 0) await o.store.applyContactChanges(portalId, contactId, unapplied.changes, unapplied.activities);
        if (unapplied.group) await record.process(unapplied.group);
      });
    const crmContact = await readFromCrm(portalId, contactId).catch(async (error: unknown) => {
      // HubSpot failed: what the events said is kept all the same (the contact's history), and the group retried.
      await storeUnapplied();
      throw error;
    });
    if (!crmContact) {
      await storeUnapplied();
      o.logger.info('contact no longer in the CRM; no decision', { portalId, contactId });
      return undefined;
    }
    const crmProperties = crmContact.properties;
    // Everything that may wait on HubSpot comes before the unit of work, which must not: the portal's own stage order
    // and, where the rules read them, the contact's leads; and for a contact HubSpot shows unowned, the owners an
    // MQL would be routed over (cached; read whether or not the decision makes an MQL, which is taken inside).
    let portal: PortalFacts = {};
    if (crm.facts) {
      const [stages, leads] = await Promise.all([crm.facts.stages(portalId), crm.facts.leads(portalId, contactId)]);
      portal = { stages, leads };
    }
    const routing = await o.sla?.prepareRouting(portalId, { crm: crmProperties });
    // What the CRM holds now is newer than any event we have: it wins.
    const at = now();
    // One unit of work (one transaction on PostgreSQL, the contact locked once): the events and what the CRM holds
    // stored, the decision taken on what was stored, and its bookkeeping. The events' changes go first: the CRM's
    // values, read after them, win wherever both speak. Each statement and each commit costs a round trip there.
    return o.store.unitOfWork(async () => {
      if (unapplied.group) await record.process(unapplied.group);
      const stored = await o.store.applyAndLoadContact(portalId, contactId, [...unapplied.changes, ...Object.entries(crmProperties).map(([name, value]) => ({ name, value, at }))], unapplied.activities);
      const loaded = { snapshot: { id: contactId, properties: stored.properties }, activities: stored.activities };
      const decision = o.decide(loaded.snapshot, loaded.activities, now(), portal);
      const books = await keepBooks(portalId, contactId, decision, loaded, changes, crmProperties, portal, routing);
      return { decision, ...books, crmProperties };
    });
  }

  const isEcho = (group: EventGroup) =>
    o.crm !== undefined &&
    group.events.every((e) => e.subscriptionType.endsWith('propertyChange') && e.propertyName !== null && o.crm!.ownProperties.has(e.propertyName) && ECHO_SOURCES.has(e.changeSource ?? ''));

  async function processContact(group: EventGroup, contactId: string): Promise<void> {
    // GDPR: a privacy deletion erases everything, and the contact.deletion that comes with it (in any order)
    // or any straggler finds the contact erased and is erased in turn. Logs carry ids only.
    const privacyDeletion = group.events.some((e) => e.subscriptionType === 'contact.privacyDeletion');
    const before = privacyDeletion ? undefined : await o.store.contactBeforeEvents(group.portalId, contactId);
    if (!before || before.erased) {
      await o.store.eraseContact(group.portalId, contactId, now());
      o.logger.info('contact erased (privacy deletion)', { portalId: group.portalId, contactId });
      return;
    }
    const { changes, activities, dealLinks } = normaliseContactEvents(group.events, before.properties);
    await resolveForms(group.portalId, contactId, activities, changes.filter((c) => c.name === 'email').at(-1)?.value ?? before.properties.email);
    for (const link of dealLinks) if (!link.removed) await o.store.linkDeal(group.portalId, link.dealId, contactId);
    // Loop safety: our own writes come back as property changes; they are recorded, never acted on.
    const echo = isEcho(group);
    // With a CRM the contact is read and stored again before deciding: the events are stored with it.
    if (o.crm !== undefined && !echo) return decideAndStore(group.portalId, contactId, group.subjectKey, changes, { changes, activities, group });
    await o.store.applyContactChanges(group.portalId, contactId, changes, activities);
    await record.process(group);
    if (echo) return;
    await decideAndStore(group.portalId, contactId, group.subjectKey, changes);
  }

  /**
   * The event that closed the deal: a stage the portal's pipelines call won (or `hs_is_closed_won` turning true),
   * else one they call lost. A group that won the deal at any point won it.
   */
  async function closingEvent(group: EventGroup, dealId: string): Promise<{ event: EventGroup['events'][number]; outcome: 'won' | 'lost' } | undefined> {
    const deals = o.crm?.deals;
    let lost: EventGroup['events'][number] | undefined;
    for (const e of group.events) {
      if (e.propertyName === 'hs_is_closed_won' && e.propertyValue === 'true') return { event: e, outcome: 'won' };
      if (e.propertyName !== 'dealstage' || !e.propertyValue) continue;
      // Without a CRM only the default pipeline's ids can be told apart.
      const closure = deals ? await deals.closure(group.portalId, dealId, e.propertyValue) : wonStages.has(e.propertyValue) ? 'won' : e.propertyValue === 'closedlost' ? 'lost' : 'open';
      if (closure === 'won') return { event: e, outcome: 'won' };
      if (closure === 'lost') lost ??= e;
    }
    return lost && { event: lost, outcome: 'lost' };
  }

  async function processDeal(group: EventGroup, dealId: string): Promise<void> {
    const closed = await closingEvent(group, dealId);
    if (!closed) return refreshWonAmount(group, dealId);
    // HubSpot's associations now, not only the links leadloop saw: a deal linked before install has none.
    const known = await o.store.contactsOfDeal(group.portalId, dealId);
    const current = (await o.crm?.deals?.contactsOf(group.portalId, dealId)) ?? [];
    for (const contactId of current) if (!known.includes(contactId)) await o.store.linkDeal(group.portalId, dealId, contactId);
    // Its amount for revenue by source (won) or its end for an accepted lead's outcome (lost).
    const seenAt = closed.event.occurredAt;
    const outcome = (await o.crm?.deals?.outcomeOf(group.portalId, dealId, closed.outcome, seenAt)) ?? { dealId, outcome: closed.outcome, amount: null, amountHome: null, currency: null, closedAt: seenAt };
    await o.store.recordDealOutcome(group.portalId, outcome, now());
    if (closed.outcome !== 'won') return;
    for (const contactId of new Set([...known, ...current])) {
      await o.store.applyContactChanges(group.portalId, contactId, [], [{ activity: { kind: 'deal_won', at: seenAt, dealId }, sourceKey: `won:${dealId}` }]);
      await decideAndStore(group.portalId, contactId, group.subjectKey);
    }
  }

  /**
   * A won deal's amount changed after the win (a discount agreed late, a typo): its recorded amounts are read again,
   * so revenue by source shows what the deal is worth now. Its close date stays the one recorded unless HubSpot has one.
   */
  async function refreshWonAmount(group: EventGroup, dealId: string): Promise<void> {
    const deals = o.crm?.deals;
    if (!deals || !group.events.some((e) => e.propertyName === 'amount')) return;
    const recorded = await o.store.dealOutcomeOf(group.portalId, dealId);
    if (recorded?.outcome !== 'won') return;
    const outcome = await deals.outcomeOf(group.portalId, dealId, 'won', recorded.closedAt);
    if (outcome) await o.store.recordDealOutcome(group.portalId, outcome, now());
  }

  async function resolveForms(portalId: number, contactId: string, activities: readonly NewActivity[], email: string | null | undefined): Promise<void> {
    const resolveForm = o.crm?.resolveForm;
    if (!resolveForm) return;
    for (const a of activities) {
      if (a.activity.kind !== 'form_submitted') continue;
      // Best effort: without the Forms API the submission still counts, by the form's name.
      a.activity = await resolveForm.resolve(portalId, a.activity, email ?? undefined).catch((error: unknown) => {
        o.logger.warn('could not read the form submission', { portalId, contactId, error });
        return a.activity as Extract<typeof a.activity, { kind: 'form_submitted' }>;
      });
    }
  }

  return {
    async rescore(portalId, contactId, activities = []) {
      const before = await o.store.contactBeforeEvents(portalId, contactId);
      if (before.erased) return;
      const copies = activities.map((a) => ({ ...a }));
      await resolveForms(portalId, contactId, copies, before.properties.email);
      if (copies.length > 0 && !o.crm) await o.store.applyContactChanges(portalId, contactId, [], copies);
      await decideAndStore(portalId, contactId, `${portalId}:contact:${contactId}`, [], { changes: [], activities: o.crm ? copies : [] });
    },

    prepare(groups) {
      if (!o.crm) return;
      for (const g of groups) {
        const { kind, id } = parseSubject(g.subjectKey);
        if (kind !== 'contact' || isEcho(g)) continue;
        for (const e of g.events) if (e.propertyName === 'recent_conversion_event_name' && e.propertyValue) o.crm.resolveForm?.prefetch(g.portalId, e.propertyValue);
        const read = o.crm.reader.read(g.portalId, id);
        read.catch(() => undefined); // the group's own processing reports it
        prefetched.set(g.subjectKey, read);
      }
    },

    async settle(subjects) {
      const ours = (subjectKey: string) => !subjects || subjects.has(subjectKey);
      const pending = writes.filter((w) => ours(w.subjectKey));
      const later = writes.filter((w) => !ours(w.subjectKey));
      writes.splice(0, writes.length, ...later);
      // Reads asked for these subjects and never used (their group failed first): not kept for a later claim.
      for (const key of [...prefetched.keys()]) if (ours(key)) prefetched.delete(key);
      // The whole claim's decisions are in: one batched update for all of them, now.
      if (pending.length > 0) void o.crm?.writeBack.flushUpdates().catch(() => undefined); // failures reach each write's promise
      const errors = new Map<string, unknown>();
      const outcomes = await Promise.allSettled(pending.map((w) => w.done));
      outcomes.forEach((r, i) => {
        if (r.status === 'rejected') errors.set(pending[i]!.subjectKey, r.reason);
      });
      return errors;
    },

    async process(group) {
      const { kind, id } = parseSubject(group.subjectKey);
      if (kind === 'contact') await processContact(group, id);
      else if (kind === 'deal') await processDeal(group, id);
    },
  };
}
