import { z } from 'zod';
import type { WebhookEvent } from './webhook-event-schema';

const id = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)]).transform(String);

export type EventObject = 'contact' | 'deal';
export type EventAction = 'creation' | 'deletion' | 'propertyChange' | 'merge' | 'restore' | 'associationChange' | 'privacyDeletion';

/** An event leadloop acts on, whichever family it came in: the object it is about and what happened. */
export interface HandledEvent {
  object: EventObject;
  action: EventAction;
  /** The id of the object the event belongs to (an association belongs to its contact end). */
  subjectId: string;
}

/**
 * Generic (`object.*`) events name their object by type id (0-1 contacts, 0-3 deals).
 * https://developers.hubspot.com/changelog/public-beta-generic-webhook-subscriptions
 */
const OBJECT_TYPE_IDS: Record<string, EventObject> = { '0-1': 'contact', '0-3': 'deal' };

// The legacy families leadloop uses (webhooks guide, "Subscription types"); privacy deletion is contacts' only.
const LEGACY = /^(contact|deal)\.(creation|deletion|propertyChange|merge|restore|associationChange|privacyDeletion)$/;
// Generic association events describe both ends and carry no single objectTypeId (facts §11): leadloop keeps
// association subscriptions legacy and leaves `object.associationChange` ignored rather than guess its shape.
const GENERIC = /^object\.(creation|deletion|propertyChange|merge|restore)$/;

const single = z.looseObject({ objectId: id });
const propertyChange = z.looseObject({ objectId: id, propertyName: z.string().min(1) });
const merge = z.looseObject({ primaryObjectId: id, mergedObjectIds: z.array(id) });
/** `contact.associationChange` / `deal.associationChange`: `associationType` such as `CONTACT_TO_DEAL`. */
export const associationChangeSchema = z.looseObject({
  associationType: z.string().regex(/^[A-Z0-9]+_TO_[A-Z0-9]+$/i),
  fromObjectId: id,
  toObjectId: id,
  associationRemoved: z.boolean().default(false),
});

function subjectOf(object: EventObject, action: EventAction, e: WebhookEvent): { object: EventObject; subjectId: string } | null {
  if (action === 'propertyChange') {
    const p = propertyChange.safeParse(e);
    return p.success ? { object, subjectId: p.data.objectId } : null;
  }
  if (action === 'merge') {
    const p = merge.safeParse(e);
    return p.success ? { object, subjectId: p.data.primaryObjectId } : null;
  }
  if (action === 'associationChange') {
    const p = associationChangeSchema.safeParse(e);
    if (!p.success) return null;
    const [from, to] = p.data.associationType.toLowerCase().split('_to_');
    if (from === 'contact') return { object: 'contact', subjectId: p.data.fromObjectId };
    if (to === 'contact') return { object: 'contact', subjectId: p.data.toObjectId };
    return { object, subjectId: p.data.fromObjectId };
  }
  const p = single.safeParse(e);
  return p.success ? { object, subjectId: p.data.objectId } : null;
}

/**
 * What an event is, in either payload family: legacy `contact.*` / `deal.*`, or generic `object.*` carrying
 * `objectTypeId`. Null for anything else, or a known type missing the fields it needs: stored and ignored, never
 * rejected (HubSpot adds types and fields).
 */
export function classifyEvent(e: WebhookEvent): HandledEvent | null {
  const legacy = LEGACY.exec(e.subscriptionType);
  const generic = GENERIC.exec(e.subscriptionType);
  let object: EventObject | undefined;
  let action: EventAction | undefined;
  if (legacy) {
    object = legacy[1] as EventObject;
    action = legacy[2] as EventAction;
    if (action === 'privacyDeletion' && object !== 'contact') return null;
  } else if (generic) {
    object = OBJECT_TYPE_IDS[e.objectTypeId ?? ''];
    action = generic[1] as EventAction;
  }
  if (!object || !action) return null;
  const subject = subjectOf(object, action, e);
  return subject ? { ...subject, action } : null;
}
