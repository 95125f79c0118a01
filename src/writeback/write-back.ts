import type { ContactUpdate, CrmPort, NewNote } from '../crm/crm-port';
import type { Decision } from '../domain/decide';
import { planCrmUpdate, WRITTEN_PROPERTIES } from '../domain/plan-crm-update';
import type { Logger } from '../log/create-logger';
import type { Store } from '../store/store-port';
import { noteBody, noteMarker } from './note-body';

export interface WriteBackOptions {
  crm: CrmPort;
  store: Store;
  logger: Logger;
  /** Decisions arriving within this window share one batch read and one batch update. */
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

interface Pending {
  decision: Decision;
  crm: Readonly<Record<string, string | null>>;
  waiters: Array<{ resolve: () => void; reject: (e: unknown) => void }>;
}

/**
 * Gathers decisions per portal for a short window, then updates only what differs from what the CRM holds,
 * in one batch (no call at all when nothing differs), and writes one note per forward stage change, with an
 * idempotency key recorded before the call and confirmed after.
 */
export function createWriteBack(o: WriteBackOptions): WriteBack {
  const now = o.now ?? Date.now;
  const maxBatch = o.maxBatch ?? 100;
  const queues = new Map<number, Map<string, Pending>>();
  const timers = new Map<number, NodeJS.Timeout>();

  async function flushBatch(portalId: number, batch: Pending[]): Promise<void> {
    const updates: ContactUpdate[] = [];
    const notes: Array<NewNote & { key: string }> = [];
    for (const { decision, crm } of batch) {
      const plan = planCrmUpdate(decision, crm);
      if (Object.keys(plan.properties).length > 0) updates.push({ id: decision.contactId, properties: plan.properties });
      if (plan.stageChange) {
        const key = `note:${portalId}:${decision.contactId}:${plan.stageChange.from || 'none'}>${plan.stageChange.to}`;
        notes.push({ key, contactId: decision.contactId, body: noteBody(decision.explanation, key), timestamp: decision.computedAt, marker: noteMarker(key) });
      }
    }
    if (updates.length === 0 && notes.length === 0) return;

    if (o.dryRun) {
      for (const u of updates) o.logger.info('dry run: would update contact', { portalId, contactId: u.id, properties: u.properties });
      for (const n of notes) o.logger.info('dry run: would write note', { portalId, contactId: n.contactId, key: n.key });
      return;
    }
    await o.crm.updateContacts(portalId, updates);

    const toCreate: typeof notes = [];
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

    o.logger.info('written to the CRM', { portalId, contacts: batch.length, updated: updates.length, notes: toCreate.length, fields: [...new Set(updates.flatMap((u) => Object.keys(u.properties)))].filter((f) => f !== WRITTEN_PROPERTIES.lastDecision) });
  }

  async function flush(portalId: number): Promise<void> {
    const timer = timers.get(portalId);
    if (timer) clearTimeout(timer);
    timers.delete(portalId);
    const queue = queues.get(portalId);
    queues.delete(portalId);
    if (!queue) return;
    const all = [...queue.values()];
    for (let i = 0; i < all.length; i += maxBatch) {
      const batch = all.slice(i, i + maxBatch);
      try {
        await flushBatch(portalId, batch);
        for (const p of batch) for (const w of p.waiters) w.resolve();
      } catch (error) {
        for (const p of batch) for (const w of p.waiters) w.reject(error);
      }
    }
  }

  return {
    submit(portalId, decision, crm) {
      return new Promise<void>((resolve, reject) => {
        let queue = queues.get(portalId);
        if (!queue) queues.set(portalId, (queue = new Map()));
        // The latest decision of a contact supersedes an earlier one still waiting.
        const pending = queue.get(decision.contactId);
        if (pending) {
          pending.decision = decision;
          pending.crm = crm;
          pending.waiters.push({ resolve, reject });
        } else queue.set(decision.contactId, { decision, crm, waiters: [{ resolve, reject }] });
        if (queue.size >= maxBatch) void flush(portalId);
        else if (!timers.has(portalId)) timers.set(portalId, setTimeout(() => void flush(portalId), o.windowMs));
      });
    },
  };
}
