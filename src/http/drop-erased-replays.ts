import type { ContactStore } from '../store/contact-store-port';
import type { NewWebhookEvent } from '../store/store-port';

const CONTACT_SUBJECT = /^(\d+):contact:(.+)$/;

/**
 * A legacy-signed (v1/v2) delivery has no timestamp: it may be a capture replayed after a privacy deletion
 * erased the contact and its dedup rows. Events of an erased contact that happened before its erasure are
 * dropped at intake, so a replay cannot bring the person's data back.
 */
export async function dropErasedReplays(
  store: Pick<ContactStore, 'erasedAt'>,
  events: readonly NewWebhookEvent[],
): Promise<{ kept: NewWebhookEvent[]; dropped: NewWebhookEvent[] }> {
  const kept: NewWebhookEvent[] = [];
  const dropped: NewWebhookEvent[] = [];
  for (const e of events) {
    const match = CONTACT_SUBJECT.exec(e.subjectKey);
    const erasedAt = match ? await store.erasedAt(Number(match[1]), match[2]!) : null;
    (erasedAt !== null && e.occurredAt <= erasedAt ? dropped : kept).push(e);
  }
  return { kept, dropped };
}
