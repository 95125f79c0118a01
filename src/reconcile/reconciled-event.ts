import type { NewWebhookEvent } from '../store/store-port';

/** The `changeSource` of events reconciliation queues: never an echo of leadloop's writes, always re-decided. */
export const RECONCILE_SOURCE = 'LEADLOOP_RECONCILE';
/** No HubSpot subscription has id 0: these events are told apart from deliveries, and never collide with them. */
export const RECONCILE_SUBSCRIPTION_ID = 0;

/**
 * A property change HubSpot holds and leadloop never heard, as the event a webhook would have carried. It goes
 * through the same queue as deliveries (per-object ordering, retries, dead letters stay one mechanism). Its
 * identity is the object, the property and the object's modification time, so a later round reading the same
 * record again (the overlap) stores nothing new.
 */
export function reconciledEvent(portalId: number, kind: 'contact' | 'deal', objectId: string, propertyName: string, propertyValue: string, modifiedAt: number): NewWebhookEvent {
  const eventId = `reconcile:${kind}:${objectId}:${propertyName}`;
  const subscriptionType = `${kind}.propertyChange`;
  const event = { eventId, subscriptionId: RECONCILE_SUBSCRIPTION_ID, portalId, occurredAt: modifiedAt, subscriptionType, attemptNumber: 0, objectId, propertyName, propertyValue, changeSource: RECONCILE_SOURCE };
  return {
    portalId,
    subscriptionId: RECONCILE_SUBSCRIPTION_ID,
    eventId,
    occurredAt: modifiedAt,
    subscriptionType,
    subjectKey: `${portalId}:${kind}:${objectId}`,
    objectId,
    propertyName,
    propertyValue,
    changeSource: RECONCILE_SOURCE,
    sourceId: null,
    attemptNumber: 0,
    payload: JSON.stringify(event),
    status: 'pending',
  };
}
