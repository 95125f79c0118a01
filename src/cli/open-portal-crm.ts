import type { AppConfig } from '../config/load-config';
import { createHubspotCrm, privateAppTokens } from '../crm/hubspot/hubspot-crm';
import { createHubspotOAuth } from '../crm/hubspot/hubspot-oauth';
import { createLogger } from '../log/create-logger';
import { createPortalTokens } from '../oauth/portal-tokens';
import { createTokenCipher } from '../oauth/token-cipher';
import { authorizeOrigin } from '../start-leadloop';
import type { Store } from '../store/store-port';
import { CliError } from './cli-context';

export type PortalCrm = ReturnType<typeof createHubspotCrm>;

/**
 * The HubSpot client a CLI job that runs beside the server uses: `--portal ID` reaches an installed OAuth portal
 * (its tokens from the store, refreshed as the server does), otherwise HUBSPOT_ACCESS_TOKEN (a private app).
 * Its calls take the background turn within LEADLOOP_BACKFILL_RATE_SHARE of the portal's budget, leaving the rest
 * to the running app's live work. Null: neither is set (the job stores its decisions only).
 */
export async function openPortalCrm(store: Store, config: AppConfig, portal?: number, now: () => number = Date.now): Promise<{ crm: PortalCrm; portalId: number; mode: 'oauth' | 'private app' } | null> {
  const e = config.env;
  const { accessToken, baseUrl, clientId, clientSecrets } = config.hubspot;
  const rateLimit = { max: e.LEADLOOP_HUBSPOT_MAX_REQUESTS, windowMs: e.LEADLOOP_HUBSPOT_WINDOW_MS, backgroundShare: e.LEADLOOP_BACKFILL_RATE_SHARE };
  if (portal !== undefined && (await store.getPortal(portal))) {
    if (!clientId || !clientSecrets[0] || !config.encryptionKey) throw new CliError(`portal ${portal} is an OAuth install: set HUBSPOT_CLIENT_ID, HUBSPOT_CLIENT_SECRET and LEADLOOP_ENCRYPTION_KEY (as the server has them) to write to it`);
    const oauth = createHubspotOAuth({ baseUrl, authorizeBaseUrl: authorizeOrigin(baseUrl), clientId, clientSecret: clientSecrets[0] });
    const tokens = createPortalTokens(store, oauth, createTokenCipher(config.encryptionKey), createLogger({ level: 'error' }), now);
    return { crm: createHubspotCrm({ baseUrl, tokenFor: (id) => tokens.tokenFor(id), rateLimit, priority: 'background' }), portalId: portal, mode: 'oauth' };
  }
  if (!accessToken) {
    if (portal !== undefined) throw new CliError(`portal ${portal} has not installed leadloop (see \`leadloop portals list\`) and HUBSPOT_ACCESS_TOKEN is not set`);
    return null;
  }
  const tokens = privateAppTokens(accessToken, baseUrl);
  const portalId = await tokens.portalId();
  if (portal !== undefined && portal !== portalId) throw new CliError(`HUBSPOT_ACCESS_TOKEN belongs to portal ${portalId}, not ${portal}; pass --portal ${portalId} or an installed OAuth portal`);
  return { crm: createHubspotCrm({ baseUrl, tokenFor: tokens, rateLimit, priority: 'background' }), portalId, mode: 'private app' };
}
