import type { Decision, DecideContact } from '../domain/decide';
import type { Logger } from '../log/create-logger';
import type { Store } from '../store/store-port';
import type { EventGroup, EventProcessor } from './event-processor';
import { normaliseContactEvents } from './normalize-activities';
import { recordContactEvents } from './record-contact-events';

export interface ScoreContactsOptions {
  store: Store;
  decide: DecideContact;
  logger: Logger;
  now?: () => number;
  /** Deal stages that mean closed won (HubSpot's default pipeline: `closedwon`). */
  wonStages?: readonly string[];
  /** Called with every stored decision: the CRM write-back plugs in here. */
  onDecision?: (portalId: number, decision: Decision) => Promise<void>;
}

function parseSubject(subjectKey: string): { kind: string; id: string } {
  const [, kind = '', id = ''] = subjectKey.split(':');
  return { kind, id };
}

/**
 * The engine's processor: keeps each contact's properties and activity from its events, then decides its
 * score, matrix cell and lifecycle stage, and stores the decision with its ledger.
 */
export function scoreContacts(o: ScoreContactsOptions): EventProcessor {
  const now = o.now ?? Date.now;
  const wonStages = new Set(o.wonStages ?? ['closedwon']);
  const record = recordContactEvents(o.store, now);

  async function decideAndStore(portalId: number, contactId: string): Promise<void> {
    const loaded = await o.store.loadContact(portalId, contactId);
    if (!loaded) return;
    const decision = o.decide(loaded.snapshot, loaded.activities, now());
    const recorded = await o.store.saveDecision(portalId, decision);
    if (recorded) {
      o.logger.info('decision', { portalId, contactId, stage: `${decision.stage.from || '(none)'}→${decision.stage.to || '(none)'}`, score: decision.score, grade: decision.fit.grade, cell: decision.cell });
    }
    await o.onDecision?.(portalId, decision);
  }

  async function processContact(group: EventGroup, contactId: string): Promise<void> {
    const before = await o.store.loadContact(group.portalId, contactId);
    const { changes, activities, dealLinks } = normaliseContactEvents(group.events, before?.snapshot.properties ?? {});
    for (const link of dealLinks) if (!link.removed) await o.store.linkDeal(group.portalId, link.dealId, contactId);
    await o.store.applyContactChanges(group.portalId, contactId, changes, activities);
    await record.process(group);
    await decideAndStore(group.portalId, contactId);
  }

  async function processDeal(group: EventGroup, dealId: string): Promise<void> {
    const won = group.events.find((e) => e.propertyName === 'dealstage' && e.propertyValue !== null && wonStages.has(e.propertyValue));
    if (!won) return;
    for (const contactId of await o.store.contactsOfDeal(group.portalId, dealId)) {
      await o.store.applyContactChanges(group.portalId, contactId, [], [{ activity: { kind: 'deal_won', at: won.occurredAt, dealId }, sourceKey: `won:${dealId}` }]);
      await decideAndStore(group.portalId, contactId);
    }
  }

  return {
    async process(group) {
      const { kind, id } = parseSubject(group.subjectKey);
      if (kind === 'contact') await processContact(group, id);
      else if (kind === 'deal') await processDeal(group, id);
    },
  };
}
