import type { WebhookEvent } from './webhook-event-schema';

/** Event types leadloop acts on. Anything else is stored and marked ignored: HubSpot adds types. */
const CONTACT_TYPES = new Set([
  'contact.creation',
  'contact.deletion',
  'contact.merge',
  'contact.associationChange',
  'contact.restore',
  'contact.privacyDeletion',
  'contact.propertyChange',
]);
const DEAL_TYPES = new Set(['deal.creation', 'deal.deletion', 'deal.propertyChange', 'deal.associationChange']);
const GENERIC_TYPES = new Set([
  'object.creation',
  'object.deletion',
  'object.merge',
  'object.propertyChange',
  'object.restore',
  'object.associationChange',
]);
// Generic (object.*) events name their object type by id: 0-1 contacts, 0-3 deals.
const OBJECT_TYPE_NAMES: Record<string, string> = { '0-1': 'contact', '0-3': 'deal' };

export function isHandledEvent(e: WebhookEvent): boolean {
  if (CONTACT_TYPES.has(e.subscriptionType) || DEAL_TYPES.has(e.subscriptionType)) return true;
  return GENERIC_TYPES.has(e.subscriptionType) && e.objectTypeId !== undefined && e.objectTypeId in OBJECT_TYPE_NAMES;
}

function objectKindOf(e: WebhookEvent): string {
  if (e.subscriptionType.startsWith('object.')) return OBJECT_TYPE_NAMES[e.objectTypeId ?? ''] ?? `object-${e.objectTypeId ?? 'unknown'}`;
  return e.subscriptionType.split('.')[0] ?? 'unknown';
}

/**
 * The thing an event is about, `portal:kind:id`. Events with one subject are applied one after another, in
 * occurredAt order. An association change between a contact and a deal belongs to the contact.
 */
export function subjectKeyOf(e: WebhookEvent): string {
  const kind = objectKindOf(e);
  let objectId = e.objectId ?? e.primaryObjectId ?? e.fromObjectId;
  if (e.subscriptionType.endsWith('associationChange') && e.associationType) {
    const [from, , to] = e.associationType.toLowerCase().split('_');
    if (from !== 'contact' && to === 'contact') return `${e.portalId}:contact:${String(e.toObjectId)}`;
    if (from === 'contact') return `${e.portalId}:contact:${String(e.fromObjectId)}`;
    objectId = e.fromObjectId ?? objectId;
  }
  return `${e.portalId}:${kind}:${objectId === undefined ? `event-${e.eventId}` : String(objectId)}`;
}
