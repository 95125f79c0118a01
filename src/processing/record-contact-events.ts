import type { Store } from '../store/store-port';
import type { EventProcessor } from './event-processor';

/**
 * The intake-stage processor: records each contact's events in its history, keyed by the stored event so a
 * re-run records nothing twice.
 */
export function recordContactEvents(store: Store, now: () => number = Date.now): EventProcessor {
  return {
    async process(group) {
      const [, kind, contactId] = group.subjectKey.split(':');
      if (kind !== 'contact' || contactId === undefined) return;
      const appliedAt = now();
      await store.recordContactEvents(
        group.events.map((e) => ({
          webhookEventId: e.id,
          portalId: e.portalId,
          contactId,
          subscriptionType: e.subscriptionType,
          occurredAt: e.occurredAt,
          appliedAt,
        })),
      );
    },
  };
}
