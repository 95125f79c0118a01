import type { WebhooksManifest } from './build-webhooks-manifest';

export interface AppManifest {
  name: string;
  uid: string;
  description: string;
  allowedUrls: string[];
  auth: { redirectUrls: string[]; requiredScopes: string[]; optionalScopes: string[]; conditionallyRequiredScopes: string[] };
  support: Record<string, string>;
}

/**
 * A HubSpot project for the current developer platform (2026.03): `hsproject.json`, `src/app/app-hsmeta.json`
 * and `src/app/webhooks/webhooks-hsmeta.json`, where subscriptions name `objectType` (not `objectName`).
 * Returns file path → content, ready for `hs project upload`.
 */
export function buildProject(app: AppManifest, webhooks: WebhooksManifest, platformVersion = '2026.03'): Record<string, unknown> {
  // The current platform names the object: `contact.propertyChange` becomes `object.propertyChange` on `contact`.
  const crmObjects = webhooks.subscriptions.legacyCrmObjects.map(({ subscriptionType, ...rest }) => {
    const [objectType, action] = subscriptionType.split('.');
    return { subscriptionType: `object.${action}`, objectType, ...rest };
  });
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
        permittedUrls: { fetch: app.allowedUrls, iframe: [], img: [] },
        support: app.support,
      },
    },
    'src/app/webhooks/webhooks-hsmeta.json': {
      uid: `${app.uid}-webhooks`,
      type: 'webhooks',
      config: {
        settings: webhooks.settings,
        subscriptions: { crmObjects, hubEvents: webhooks.subscriptions.hubEvents },
      },
    },
  };
}
