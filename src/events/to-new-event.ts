import type { NewWebhookEvent } from '../store/store-port';
import { isHandledEvent, subjectKeyOf } from './event-types';
import type { WebhookEvent } from './webhook-event-schema';

export function toNewEvent(e: WebhookEvent): NewWebhookEvent {
  const optional = (v: string | number | boolean | null | undefined) => (v === undefined || v === null ? null : String(v));
  return {
    portalId: Number(e.portalId),
    subscriptionId: Number(e.subscriptionId),
    eventId: String(e.eventId),
    occurredAt: e.occurredAt,
    subscriptionType: e.subscriptionType,
    subjectKey: subjectKeyOf(e),
    objectId: optional(e.objectId),
    propertyName: optional(e.propertyName),
    propertyValue: optional(e.propertyValue),
    changeSource: optional(e.changeSource),
    sourceId: optional(e.sourceId),
    attemptNumber: e.attemptNumber,
    payload: JSON.stringify(e),
    status: isHandledEvent(e) ? 'pending' : 'ignored',
  };
}
