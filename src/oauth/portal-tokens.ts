import type { HubspotOAuth, OAuthTokens } from '../crm/hubspot/hubspot-oauth';
import { RevokedError } from '../crm/hubspot/hubspot-oauth';
import { CrmError } from '../crm/crm-error';
import type { Logger } from '../log/create-logger';
import type { Store } from '../store/store-port';
import type { TokenCipher } from './token-cipher';

/** Refresh this long before expiry, so a call never starts with a token about to die. */
const REFRESH_MARGIN_MS = 5 * 60 * 1000;

export interface PortalTokens {
  tokenFor(portalId: number): Promise<string>;
  /** Seals and stores a portal's tokens (after install or refresh). */
  save(portalId: number, tokens: OAuthTokens, now: number): Promise<void>;
  /** The portal's current refresh and access tokens, unsealed (for uninstall and revoke). */
  unseal(portalId: number): Promise<{ accessToken: string; refreshToken: string } | null>;
}

/**
 * OAuth tokens per portal, sealed at rest, refreshed from `expires_in` before they expire — one refresh at a
 * time per portal, however many calls wait. A refresh answered BAD_REFRESH_TOKEN ends the portal: its tokens
 * are deleted and its queued work is parked with that reason.
 */
export function createPortalTokens(store: Store, oauth: HubspotOAuth, cipher: TokenCipher, logger: Logger, now: () => number = Date.now): PortalTokens {
  const refreshing = new Map<number, Promise<string>>();
  const context = (portalId: number) => `portal:${portalId}`;

  async function save(portalId: number, tokens: OAuthTokens, at: number): Promise<void> {
    await store.savePortal(
      {
        portalId,
        sealedAccessToken: cipher.encrypt(tokens.accessToken, context(portalId)),
        sealedRefreshToken: cipher.encrypt(tokens.refreshToken, context(portalId)),
        expiresAt: at + tokens.expiresIn * 1000,
        scopes: tokens.scopes ?? [],
        status: 'active',
      },
      at,
    );
  }

  async function refresh(portalId: number, sealedRefresh: string): Promise<string> {
    try {
      const tokens = await oauth.refresh(cipher.decrypt(sealedRefresh, context(portalId)));
      await save(portalId, tokens, now());
      logger.info('access token refreshed', { portalId, expiresIn: tokens.expiresIn });
      return tokens.accessToken;
    } catch (e) {
      if (e instanceof RevokedError) {
        await store.endPortal(portalId, 'portal uninstalled or access revoked (BAD_REFRESH_TOKEN)', now());
        logger.warn('portal ended: refresh token refused; tokens deleted, queued work parked', { portalId });
      }
      throw e;
    }
  }

  return {
    save,
    async tokenFor(portalId) {
      const portal = await store.getPortal(portalId);
      if (!portal || portal.status !== 'active' || !portal.sealedAccessToken || !portal.sealedRefreshToken) {
        throw new CrmError('CRM.UNAUTHORIZED', `portal ${portalId} has not installed leadloop (or uninstalled it)`, false);
      }
      if (portal.expiresAt - now() > REFRESH_MARGIN_MS) return cipher.decrypt(portal.sealedAccessToken, context(portalId));
      let pending = refreshing.get(portalId);
      if (!pending) {
        pending = refresh(portalId, portal.sealedRefreshToken).finally(() => refreshing.delete(portalId));
        refreshing.set(portalId, pending);
      }
      return pending;
    },
    async unseal(portalId) {
      const portal = await store.getPortal(portalId);
      if (!portal?.sealedAccessToken || !portal.sealedRefreshToken) return null;
      return { accessToken: cipher.decrypt(portal.sealedAccessToken, context(portalId)), refreshToken: cipher.decrypt(portal.sealedRefreshToken, context(portalId)) };
    },
  };
}
