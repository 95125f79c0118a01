import { z } from 'zod';

/** HubSpot sends "up to 100 events" per request (webhooks guide). More is not HubSpot. */
export const MAX_EVENTS_PER_BATCH = 100;

// Ids beyond 2^53 - 1 would be rounded (9007199254740993 → …992) and then name another object: refused, never
// rounded. A bare number that large is already rounded by JSON.parse, but rounding never brings a value back
// under 2^53, so checking the parsed number catches it too.
const UNSAFE = 'beyond 2^53 - 1: ids must be safe integers (it would be rounded)';
const id = z.union([
  z.number().int().nonnegative().refine(Number.isSafeInteger, UNSAFE),
  z.string().regex(/^\d+$/, 'expected a numeric id').refine((v) => Number.isSafeInteger(Number(v)), UNSAFE),
]);

/**
 * One event of a delivery, as documented in HubSpot's webhooks guide. Unknown fields are kept (HubSpot adds
 * fields) and stored with the event.
 */
export const webhookEventSchema = z.looseObject({
  eventId: id,
  subscriptionId: id,
  portalId: id,
  appId: id.optional(),
  occurredAt: z.number().int().nonnegative().refine(Number.isSafeInteger, 'beyond 2^53 - 1: not epoch milliseconds'),
  subscriptionType: z.string().min(1).max(200),
  attemptNumber: z.number().int().nonnegative().default(0),
  objectId: id.optional(),
  objectTypeId: z.string().optional(),
  propertyName: z.string().optional(),
  // HubSpot sends property values as strings; tolerate numbers and booleans from older senders.
  propertyValue: z.union([z.string(), z.number(), z.boolean()]).nullable().optional(),
  changeSource: z.string().optional(),
  sourceId: z.string().optional(),
  changeFlag: z.string().optional(),
  // merge
  primaryObjectId: id.optional(),
  mergedObjectIds: z.array(id).optional(),
  newObjectId: id.optional(),
  numberOfPropertiesMoved: z.number().optional(),
  // associationChange
  associationType: z.string().optional(),
  fromObjectId: id.optional(),
  toObjectId: id.optional(),
  associationRemoved: z.boolean().optional(),
  isPrimaryAssociation: z.boolean().optional(),
});

export const webhookBatchSchema = z
  .array(webhookEventSchema)
  .max(MAX_EVENTS_PER_BATCH, `HubSpot sends at most ${MAX_EVENTS_PER_BATCH} events per request`);

export type WebhookEvent = z.infer<typeof webhookEventSchema>;
