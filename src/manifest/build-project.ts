import type { WebhooksManifest } from './build-webhooks-manifest';
import { buildCardFiles, fetchableUrl } from './build-card-files';

export interface AppManifest {
  name: string;
  uid: string;
  description: string;
  allowedUrls: string[];
  auth: { redirectUrls: string[]; requiredScopes: string[]; optionalScopes: string[]; conditionallyRequiredScopes: string[] };
  support: Record<string, string>;
}

type LegacySubscription = WebhooksManifest['subscriptions']['legacyCrmObjects'][number];

/**
 * The current platform names the object: `contact.propertyChange` becomes `object.propertyChange` on `contact`,
 * whose events carry `objectTypeId`. Association changes stay legacy (`legacyCrmObjects` is allowed on 2026.03):
 * a generic `object.associationChange` describes both ends without one `objectTypeId`, a shape leadloop does
 * not rely on, while `contact.associationChange` names `associationType`, `fromObjectId` and `toObjectId`.
 * https://developers.hubspot.com/docs/apps/developer-platform/add-features/configure-webhooks
 */
export function splitSubscriptions(subscriptions: readonly LegacySubscription[]) {
  const keepLegacy = (s: LegacySubscription) => s.subscriptionType.endsWith('.associationChange');
  const crmObjects = subscriptions.filter((s) => !keepLegacy(s)).map(({ subscriptionType, ...rest }) => {
    const [objectType, action] = subscriptionType.split('.');
    return { subscriptionType: `object.${action}`, objectType, ...rest };
  });
  return { crmObjects, legacyCrmObjects: subscriptions.filter(keepLegacy) };
}

/**
 * A HubSpot project for the current developer platform (2026.03): `hsproject.json`, `src/app/app-hsmeta.json`
 * and `src/app/webhooks/webhooks-hsmeta.json`, where generic subscriptions name `objectType` (not `objectName`).
 * With `card`, also the contact card (src/app/cards). Returns file path → content, ready for `hs project upload`.
 */
export function buildProject(app: AppManifest, webhooks: WebhooksManifest, platformVersion = '2026.03', card?: { sources: Readonly<Record<string, string>>; publicUrl?: string }): Record<string, unknown> {
  const { crmObjects, legacyCrmObjects } = splitSubscriptions(webhooks.subscriptions.legacyCrmObjects);
  // The card's hubspot.fetch reaches leadloop only at a permitted URL (https, not localhost).
  const fetchUrls = card?.publicUrl && fetchableUrl(card.publicUrl) ? [...app.allowedUrls, card.publicUrl] : app.allowedUrls;
  return {
    'hsproject.json': { name: app.name, srcDir: 'src', platformVersion },
    'src/app/app-hsmeta.json': {
      uid: app.uid,
      type: 'app',
      config: {
        name: app.name,
        description: app.description,
        distribution: 'marketplace',
        auth: { type: 'oauth', ...app.auth },
        permittedUrls: { fetch: fetchUrls, iframe: [], img: [] },
        support: app.support,
      },
    },
    'src/app/webhooks/webhooks-hsmeta.json': {
      uid: `${app.uid}-webhooks`,
      type: 'webhooks',
      config: {
        settings: webhooks.settings,
        subscriptions: { crmObjects, legacyCrmObjects, hubEvents: webhooks.subscriptions.hubEvents },
      },
    },
    ...(card ? buildCardFiles(app.uid, card.sources, card.publicUrl) : {}),
  };
}
