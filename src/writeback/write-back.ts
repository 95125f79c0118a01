import type { CrmPort, NewNote } from '../crm/crm-port';
import type { Decision } from '../domain/decide';
import { stageRank, type StageOrder } from '../domain/lifecycle-stage';
import { planCrmUpdate } from '../domain/plan-crm-update';
import { noteKeyOf } from '../domain/note-key';
import { sameCrmValue } from '../domain/same-crm-value';
import type { Logger } from '../log/create-logger';
import { CRM_WRITE_IN_FLIGHT_MS } from '../store/crm-write-store-port';
import type { Store } from '../store/store-port';
import { createKeyedBatcher, KeyFailed } from './keyed-batcher';
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
  metrics?: WriteBackMetrics;
  /** The portal's lifecycle stage order (forward-only by it); HubSpot's defaults when omitted. */
  stagesOf?: (portalId: number) => Promise<StageOrder>;
}

/** What the write-back reports (`/metrics`): contacts updated and notes created in the CRM. */
export interface WriteBackMetrics {
  contactsUpdated(n: number): void;
  notesWritten(n: number): void;
}

export interface WriteBack {
  /**
   * Finishes notes whose write was interrupted (a crash, a failed call): looks for each in HubSpot by its
   * reference first, and writes it only if it is not there. Run at start and then periodically.
   */
  sweep(): Promise<number>;
  /** Sends the updates gathered so far now (the end of a claim), without waiting for the window. */
  flushUpdates(): Promise<void>;
  /** Writes what is waiting now (updates, then notes): called at shutdown, after the worker stopped. */
  drain(): Promise<void>;
  /**
   * `crm` is what the CRM held when the decision was made (from the batch read that fed it). Resolves once
   * the decision is in the CRM, or needed no write; rejects with the CRM's error.
   */
  /** `extra`: other properties to bring in step in the same batched update (only those that differ are sent). */
  submit(portalId: number, decision: Decision, crm: Readonly<Record<string, string | null>>, extra?: Readonly<Record<string, string>>): Promise<void>;
}

/** `stageTo`: the stage the note explains; the sweep writes an interrupted note only once HubSpot shows it. */
type KeyedNote = NewNote & { key: string; portalId?: number; recheck?: boolean; stageTo?: string };

/** HubSpot holds `stage` or a later one (a person may have moved the contact further since). */
function stageReached(crmStage: string | undefined, stage: string, order?: StageOrder): boolean {
  const have = stageRank(crmStage ?? '', order);
  const want = stageRank(stage, order);
  return crmStage === stage || (have !== null && want !== null && have >= want);
}

/** A pending note not touched for this long is no longer in flight: the sweep finishes it. */
const STALE_NOTE_MS = CRM_WRITE_IN_FLIGHT_MS;

/**
 * Updates only what differs from what the CRM holds, in batches (no call at all when nothing differs), and
 * writes one note per forward stage change. A note's key and body are recorded before any call and confirmed
 * after, so it is written exactly once even across crashes (the sweep finishes what was interrupted). Notes
 * gather across claims over a longer window than updates: they are fewer, and a note can wait a few seconds.
 */
export function createWriteBack(o: WriteBackOptions): WriteBack {
  const now = o.now ?? Date.now;
  const maxBatch = o.maxBatch ?? 100;

  /** Confirms each note HubSpot created; one it refused (a 207) stays pending for the sweep, with HubSpot's reason. */
  async function writeNotes(portalId: number, notes: readonly KeyedNote[]): Promise<Map<string, KeyFailed>> {
    const toCreate: KeyedNote[] = [];
    for (const note of notes) {
      if (note.recheck) {
        // Interrupted earlier: the note may exist. Look before writing again.
        const existing = await o.crm.findNoteWithMarker(portalId, note.contactId, note.marker);
        if (existing) {
          await o.store.confirmCrmWrite(note.key, existing, now());
          continue;
        }
      }
      toCreate.push(note);
    }
    const created = await o.crm.createNotes(portalId, toCreate);
    const refused = new Map<string, KeyFailed>();
    const confirmed: Array<{ key: string; crmId: string }> = [];
    for (let i = 0; i < toCreate.length; i++) {
      const result = created[i]!;
      if (typeof result === 'string') confirmed.push({ key: toCreate[i]!.key, crmId: result });
      else refused.set(toCreate[i]!.key, new KeyFailed(result));
    }
    await o.store.confirmCrmWrites(confirmed, now());
    const written = toCreate.length - refused.size;
    if (written > 0) {
      o.metrics?.notesWritten(written);
      o.logger.info('notes written to the CRM', { portalId, notes: written });
    }
    return refused;
  }

  const noteBatcher = createKeyedBatcher<KeyedNote, never>({ windowMs: o.windowMs * 8, maxBatch, flush: (portalId, items) => writeNotes(portalId, [...items.values()]) });
  const queueNote = (portalId: number, note: KeyedNote) =>
    noteBatcher.add(portalId, note.key, note).catch((error: unknown) => {
      // Stays pending: the sweep finishes it.
      o.logger.warn('note not written yet; will retry', { portalId, contactId: note.contactId, error });
    });

  const updateBatcher = createKeyedBatcher<{ decision: Decision; crm: Readonly<Record<string, string | null>>; extra?: Readonly<Record<string, string>> }>({
    // A claim's updates are sent together when the claim settles (`flushUpdates`); the window is only a backstop,
    // long enough that a claim whose decisions take a while (SLA bookkeeping, owner routing) is not split.
    windowMs: o.windowMs * 8,
    maxBatch,
    flush: async (portalId, items) => {
      const updates = [];
      const notes: KeyedNote[] = [];
      const order = await o.stagesOf?.(portalId);
      for (const { decision, crm, extra } of items.values()) {
        const plan = planCrmUpdate(decision, crm, order);
        // Other properties to keep in step (the SLA's due time, status, a routed owner): only what differs.
        // Compared as HubSpot means them: a due time it reads back as ISO 8601 is the epoch ms leadloop wrote.
        for (const [name, value] of Object.entries(extra ?? {})) if (!sameCrmValue(crm[name], value)) plan.properties[name] = value;
        if (Object.keys(plan.properties).length > 0) updates.push({ id: decision.contactId, properties: plan.properties });
        if (plan.stageChange) {
          const key = noteKeyOf(portalId, decision.contactId, plan.stageChange.from, plan.stageChange.to);
          notes.push({ key, contactId: decision.contactId, body: noteBody(decision.explanation, key), timestamp: decision.computedAt, marker: noteMarker(key), stageTo: plan.stageChange.to });
        }
      }
      if (o.dryRun) {
        for (const u of updates) o.logger.info('dry run: would update contact', { portalId, contactId: u.id, properties: u.properties });
        for (const n of notes) o.logger.info('dry run: would write note', { portalId, contactId: n.contactId, key: n.key });
        return;
      }
      // Each note is recorded before the stage is written: a crash between the two must not lose the note (the
      // replayed decision finds the stage already in HubSpot, so it would never plan that note again). It is sent
      // only after the update, and the sweep sends an interrupted one only once HubSpot shows its stage, so a note
      // never explains a change that did not happen.
      const toWrite: Array<KeyedNote & { recheck: boolean }> = [];
      for (const note of notes) {
        const payload = JSON.stringify({ body: note.body, timestamp: note.timestamp, marker: note.marker, stageTo: note.stageTo });
        const state = await o.store.beginCrmWrite(note.key, portalId, note.contactId, 'note', now(), payload);
        // 'taken': someone else (the sweep, another instance) is writing it; if they fail, the sweep finishes it.
        if (state === 'new' || state === 'pending') toWrite.push({ ...note, recheck: state === 'pending' });
      }
      const refused = updates.length > 0 ? await o.crm.updateContacts(portalId, updates) : new Map<string, Error>();
      if (updates.length > refused.size) {
        o.metrics?.contactsUpdated(updates.length - refused.size);
        o.logger.info('contacts updated in the CRM', { portalId, contacts: updates.length - refused.size });
      }
      // Written with other claims' notes: the decision is in the CRM once the update is. A contact HubSpot refused
      // gets no note now (it stays recorded as pending), and its caller gets HubSpot's reason: retry or dead letter.
      for (const note of toWrite) if (!refused.has(note.contactId)) void queueNote(portalId, note);
      return new Map([...refused].map(([contactId, error]) => [contactId, new KeyFailed(error)]));
    },
  });

  return {
    async submit(portalId, decision, crm, extra) {
      await updateBatcher.add(portalId, decision.contactId, { decision, crm, ...(extra ? { extra } : {}) });
    },
    async flushUpdates() {
      await updateBatcher.flushAll();
    },
    async drain() {
      await updateBatcher.flushAll();
      await noteBatcher.flushAll();
    },
    async sweep() {
      if (o.dryRun) return 0;
      const stale = await o.store.takeStalePendingWrites('note', now() - STALE_NOTE_MS, now(), 500);
      const byPortal = new Map<number, Array<KeyedNote & { recheck: true }>>();
      for (const w of stale) {
        if (!w.payload) continue;
        const { body, timestamp, marker, stageTo } = JSON.parse(w.payload) as { body: string; timestamp: number; marker: string; stageTo?: string };
        const list = byPortal.get(w.portalId) ?? [];
        list.push({ key: w.key, contactId: w.contactId, body, timestamp, marker, recheck: true, ...(stageTo ? { stageTo } : {}) });
        byPortal.set(w.portalId, list);
      }
      for (const [portalId, notes] of byPortal) {
        // One portal's failure (HubSpot down for it, a revoked token) leaves its notes for the next sweep, not the others'.
        try {
          // The stage a note explains must be in HubSpot before the note is: an update that failed leaves its note
          // pending, and the retried update sends it. (Notes recorded before this check carry no stage: sent as before.)
          const ids = [...new Set(notes.filter((n) => n.stageTo).map((n) => n.contactId))];
          const stages = new Map<string, string>();
          // HubSpot's batch read takes at most 100 ids.
          for (let i = 0; i < ids.length; i += 100) {
            for (const c of await o.crm.readContacts(portalId, ids.slice(i, i + 100), ['lifecyclestage'])) stages.set(c.id, c.properties.lifecyclestage ?? '');
          }
          const order = await o.stagesOf?.(portalId);
          for (const note of notes) if (!note.stageTo || stageReached(stages.get(note.contactId), note.stageTo, order)) void queueNote(portalId, note);
        } catch (error) {
          o.logger.warn('note sweep: this portal\'s pending notes wait for the next sweep', { portalId, notes: notes.length, error });
        }
      }
      return stale.length;
    },
  };
}
