import { classifyEvent } from './classify-event';
import type { WebhookEvent } from './webhook-event-schema';

/** Event types leadloop acts on (either payload family). Anything else is stored and marked ignored: HubSpot adds types. */
export function isHandledEvent(e: WebhookEvent): boolean {
  return classifyEvent(e) !== null;
}

/**
 * The thing an event is about, `portal:kind:id`. Events with one subject are applied one after another, in
 * occurredAt order. An association change between a contact and a deal belongs to the contact.
 */
export function subjectKeyOf(e: WebhookEvent): string {
  const handled = classifyEvent(e);
  if (handled) return `${e.portalId}:${handled.object}:${handled.subjectId}`;
  // Ignored events still get a subject of their own, so they never hold up a contact's events.
  const kind = e.subscriptionType.startsWith('object.') ? `object-${e.objectTypeId ?? 'unknown'}` : (e.subscriptionType.split('.')[0] ?? 'unknown');
  const objectId = e.objectId ?? e.primaryObjectId ?? e.fromObjectId;
  return `${e.portalId}:${kind}:${objectId === undefined ? `event-${e.eventId}` : String(objectId)}`;
}
