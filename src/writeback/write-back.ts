import type { CrmPort, NewNote } from '../crm/crm-port';
import type { Decision } from '../domain/decide';
import { planCrmUpdate } from '../domain/plan-crm-update';
import type { Logger } from '../log/create-logger';
import type { Store } from '../store/store-port';
import { createKeyedBatcher } from './keyed-batcher';
import { noteBody, noteMarker } from './note-body';

export interface WriteBackOptions {
  crm: CrmPort;
  store: Store;
  logger: Logger;
  /** Decisions arriving within this window share one batch update. */
  windowMs: number;
  /** HubSpot batch endpoints take at most 100 objects. */
  maxBatch?: number;
  /** Compute, store and log; write nothing to the CRM. */
  dryRun?: boolean;
  now?: () => number;
}

export interface WriteBack {
  /**
   * `crm` is what the CRM held when the decision was made (from the batch read that fed it). Resolves once
   * the decision is in the CRM, or needed no write; rejects with the CRM's error.
   */
  submit(portalId: number, decision: Decision, crm: Readonly<Record<string, string | null>>): Promise<void>;
}

type KeyedNote = NewNote & { key: string };

/**
 * Updates only what differs from what the CRM holds, in batches (no call at all when nothing differs), and
 * writes one note per forward stage change, with an idempotency key recorded before the call and confirmed
 * after. Notes gather over a longer window than updates: they are many fewer, and a note can wait a second.
 */
export function createWriteBack(o: WriteBackOptions): WriteBack {
  const now = o.now ?? Date.now;
  const maxBatch = o.maxBatch ?? 100;

  async function writeNotes(portalId: number, notes: readonly KeyedNote[]): Promise<void> {
    const toCreate: KeyedNote[] = [];
    for (const note of notes) {
      const state = await o.store.beginCrmWrite(note.key, portalId, note.contactId, 'note', now());
      if (state === 'done') continue;
      if (state === 'pending') {
        // A crash after the call and before its confirmation: the note may exist. Look before writing again.
        const existing = await o.crm.findNoteWithMarker(portalId, note.contactId, note.marker);
        if (existing) {
          await o.store.confirmCrmWrite(note.key, existing, now());
          continue;
        }
      }
      toCreate.push(note);
    }
    const created = await o.crm.createNotes(portalId, toCreate);
    for (let i = 0; i < toCreate.length; i++) await o.store.confirmCrmWrite(toCreate[i]!.key, created[i]!, now());
    if (toCreate.length > 0) o.logger.info('notes written to the CRM', { portalId, notes: toCreate.length });
  }

  const noteBatcher = createKeyedBatcher<KeyedNote>({ windowMs: o.windowMs * 4, maxBatch, flush: (portalId, items) => writeNotes(portalId, [...items.values()]) });

  const updateBatcher = createKeyedBatcher<{ decision: Decision; crm: Readonly<Record<string, string | null>> }>({
    windowMs: o.windowMs,
    maxBatch,
    flush: async (portalId, items) => {
      const updates = [];
      const notes: KeyedNote[] = [];
      for (const { decision, crm } of items.values()) {
        const plan = planCrmUpdate(decision, crm);
        if (Object.keys(plan.properties).length > 0) updates.push({ id: decision.contactId, properties: plan.properties });
        if (plan.stageChange) {
          const key = `note:${portalId}:${decision.contactId}:${plan.stageChange.from || 'none'}>${plan.stageChange.to}`;
          notes.push({ key, contactId: decision.contactId, body: noteBody(decision.explanation, key), timestamp: decision.computedAt, marker: noteMarker(key) });
        }
      }
      if (o.dryRun) {
        for (const u of updates) o.logger.info('dry run: would update contact', { portalId, contactId: u.id, properties: u.properties });
        for (const n of notes) o.logger.info('dry run: would write note', { portalId, contactId: n.contactId, key: n.key });
        return;
      }
      if (updates.length > 0) {
        await o.crm.updateContacts(portalId, updates);
        o.logger.info('contacts updated in the CRM', { portalId, contacts: updates.length });
      }
      // The stage is written before its note is, so a note never explains a change that did not happen.
      await Promise.all(notes.map((n) => noteBatcher.add(portalId, n.key, n)));
    },
  });

  return {
    async submit(portalId, decision, crm) {
      await updateBatcher.add(portalId, decision.contactId, { decision, crm });
    },
  };
}
