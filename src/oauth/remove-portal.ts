import { RevokedError, type HubspotOAuth } from '../crm/hubspot/hubspot-oauth';
import type { Store } from '../store/store-port';
import type { PortalTokens } from './portal-tokens';

/**
 * leadloop leaves a portal: uninstalls itself through HubSpot (DELETE /appinstalls/2026-03/external-install),
 * revokes the refresh token, and purges everything it held for the portal. Returns what it did, in order.
 */
export async function removePortal(store: Store, oauth: HubspotOAuth, tokens: PortalTokens, portalId: number): Promise<string[]> {
  const done: string[] = [];
  const portal = await store.getPortal(portalId);
  if (!portal) throw new Error(`portal ${portalId} is not installed`);
  if (portal.status === 'active' && portal.sealedRefreshToken) {
    const accessToken = await tokens.tokenFor(portalId);
    const { refreshToken } = (await tokens.unseal(portalId))!;
    await oauth.uninstall(accessToken);
    done.push('uninstalled');
    try {
      await oauth.revoke(refreshToken);
      done.push('refresh token revoked');
    } catch (e) {
      // Uninstalling may already have invalidated it: that is the outcome we want.
      if (!(e instanceof RevokedError)) throw e;
      done.push('refresh token already invalid');
    }
  }
  await store.purgePortal(portalId);
  done.push('data purged');
  return done;
}
