import { z } from 'zod';
import type { PortalChange } from './sandbox-portal';

const entry = z.object({
  subscriptionType: z.string(),
  // 2023.2/2025.1 projects name the object `objectName`, 2025.2+ `objectType` (facts §4).
  objectType: z.string().optional(),
  objectName: z.string().optional(),
  propertyName: z.string().optional(),
  active: z.boolean().default(true),
});
const body = z.object({
  settings: z.object({ maxConcurrentRequests: z.number().int().min(1).default(10) }).partial().default({}),
  subscriptions: z.object({
    crmObjects: z.array(entry).default([]),
    legacyCrmObjects: z.array(entry).default([]),
    hubEvents: z.array(entry).default([]),
  }),
});
/**
 * A legacy `webhooks/webhooks.json` ({settings, subscriptions}) or a 2025.2/2026.03 project's
 * `webhooks-hsmeta.json` ({uid, type: "webhooks", config: {settings, subscriptions}}).
 * https://developers.hubspot.com/docs/apps/developer-platform/add-features/configure-webhooks
 */
const manifestSchema = z.union([z.object({ type: z.literal('webhooks'), config: body }).transform((m) => m.config), body]);
export type WebhooksManifest = z.infer<typeof body>;
export const parseWebhooksManifest = (json: unknown): WebhooksManifest => manifestSchema.parse(json);

export type SubscriptionFamily = 'legacy' | 'generic' | 'hubEvent';
export interface Subscription {
  id: number;
  family: SubscriptionFamily;
  subscriptionType: string;
  objectType?: string;
  propertyName?: string;
}

/** Every active subscription, numbered as HubSpot numbers them (one id each, carried in `subscriptionId`). */
export function subscriptionsOf(m: WebhooksManifest): Subscription[] {
  const all = [
    ...m.subscriptions.legacyCrmObjects.map((s) => ({ ...s, family: 'legacy' as const })),
    ...m.subscriptions.crmObjects.map((s) => ({ ...s, family: 'generic' as const })),
    ...m.subscriptions.hubEvents.map((s) => ({ ...s, family: 'hubEvent' as const })),
  ];
  return all
    .map((s, i) => ({ id: i + 1, family: s.family, subscriptionType: s.subscriptionType, objectType: s.objectType ?? s.objectName, propertyName: s.propertyName, active: s.active }))
    .filter((s) => s.active)
    .map(({ active: _active, ...s }) => s);
}

// Generic events name their object by type id (changelog "Public Beta: Generic Webhook Subscriptions").
const OBJECT_TYPE_IDS: Record<string, string> = { contact: '0-1', deal: '0-3' };

/** Whether a subscription hears a change: legacy `contact.propertyChange`, generic `object.propertyChange` on `contact`… */
export function hears(s: Subscription, c: PortalChange): boolean {
  if (c.kind === 'propertyChange' && s.propertyName !== c.propertyName) return false;
  if (s.family === 'generic') return s.subscriptionType === `object.${c.kind}` && s.objectType === c.objectType;
  return s.subscriptionType === `${c.objectType}.${c.kind}`;
}

/** The payload fields a change adds to the common ones, in the subscription's family. */
export function payloadOf(s: Subscription, c: PortalChange): Record<string, unknown> {
  const typed = s.family === 'generic' ? { objectTypeId: OBJECT_TYPE_IDS[c.objectType] } : {};
  switch (c.kind) {
    case 'creation':
    case 'deletion':
      return { objectId: Number(c.objectId), ...typed, changeFlag: c.kind === 'creation' ? 'CREATED' : 'DELETED' };
    case 'privacyDeletion':
      return { objectId: Number(c.objectId) };
    case 'propertyChange':
      return { objectId: Number(c.objectId), ...typed, propertyName: c.propertyName, propertyValue: c.propertyValue, ...(s.family === 'generic' ? { changeFlag: 'UPDATED' } : {}) };
    case 'merge':
      return { objectId: Number(c.primaryObjectId), ...typed, primaryObjectId: Number(c.primaryObjectId), mergedObjectIds: c.mergedObjectIds.map(Number), newObjectId: Number(c.newObjectId), numberOfPropertiesMoved: 0 };
    case 'associationChange':
      // Generic association events describe both ends and carry no single objectTypeId (facts §11; the exact
      // generic shape is unverified): the sandbox sends the legacy fields only, so an app cannot rely on a type id.
      return { associationType: c.associationType, fromObjectId: Number(c.fromObjectId), toObjectId: Number(c.toObjectId), associationRemoved: c.removed, isPrimaryAssociation: false };
  }
}
