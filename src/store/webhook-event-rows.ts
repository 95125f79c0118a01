import type { Selectable } from 'kysely';
import type { WebhookEventTable } from './schema';
import type { NewWebhookEvent, StoredEvent } from './store-port';

export function toRow(e: NewWebhookEvent, receivedAt: number) {
  return {
    portal_id: e.portalId,
    subscription_id: e.subscriptionId,
    event_id: e.eventId,
    occurred_at: e.occurredAt,
    subscription_type: e.subscriptionType,
    subject_key: e.subjectKey,
    object_id: e.objectId,
    property_name: e.propertyName,
    property_value: e.propertyValue,
    change_source: e.changeSource,
    source_id: e.sourceId,
    attempt_number: e.attemptNumber,
    payload: e.payload,
    received_at: receivedAt,
    status: e.status,
    attempts: 0,
    next_attempt_at: receivedAt,
  };
}

// PostgreSQL returns bigint as strings: normalise here, once.
export function fromRow(r: Selectable<WebhookEventTable>): StoredEvent {
  return {
    id: Number(r.id),
    portalId: Number(r.portal_id),
    subscriptionId: Number(r.subscription_id),
    eventId: r.event_id,
    occurredAt: Number(r.occurred_at),
    subscriptionType: r.subscription_type,
    subjectKey: r.subject_key,
    objectId: r.object_id,
    propertyName: r.property_name,
    propertyValue: r.property_value,
    changeSource: r.change_source,
    sourceId: r.source_id,
    attemptNumber: Number(r.attempt_number),
    payload: r.payload,
    status: r.status,
    receivedAt: Number(r.received_at),
    attempts: Number(r.attempts),
    lastError: r.last_error,
  };
}
