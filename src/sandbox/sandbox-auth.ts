import { randomBytes } from 'node:crypto';
import { REQUIRED_SCOPES } from '../oauth/scopes';
import { HubspotError } from './hubspot-error';

/** HubSpot's answer to a missing or unknown bearer token. */
export const unauthenticated = () =>
  new HubspotError(401, 'INVALID_AUTHENTICATION', 'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview');

/** RFC 6749 error plus HubSpot's legacy `status`/`message` (facts §5). */
export class OAuthError extends HubspotError {
  constructor(status: number, error: string, description: string, legacyStatus: string) {
    super(status, 'INVALID_AUTHENTICATION', description, { error, error_description: description, status: legacyStatus });
  }

  override body(): Record<string, unknown> {
    return { ...super.body(), status: this.extra.status };
  }
}

const token = (prefix: string) => `${prefix}-na1-${randomBytes(24).toString('hex')}`;

export interface AuthOptions {
  portalId: number;
  appId: number;
  privateToken: string;
  clientId: string;
  clientSecret: string;
  accessTokenTtlSeconds?: number;
  now?: () => number;
  /** What the private-app token and the app's OAuth tokens were granted (default: all leadloop asks for). */
  scopes?: readonly string[];
  /** The app's registered redirect URLs (its `auth.redirectUrls`); a `redirect_uri` must be one of them exactly. */
  redirectUrls: readonly string[];
}

/**
 * HubSpot validates `redirect_uri` against the app's registered redirect URLs, exactly
 * (https://developers.hubspot.com/changelog/upcoming-public-apps-will-require-a-redirect-url-in-the-auth-settings).
 * The consent page's wording is HubSpot's as users report it (e.g. github.com/HubSpot/oauth-quickstart-python/issues/3).
 */
export const unregisteredRedirect = (uri: string) => `Authorization failed as the redirect URL '${uri}' doesn't match the app's registered redirect URL`;

/**
 * The tokens a HubSpot portal accepts: one private-app token, and OAuth tokens issued to the one app
 * (codes single-use and short-lived, access tokens 30 minutes, refresh tokens until the app is uninstalled).
 */
export function createSandboxAuth(o: AuthOptions) {
  const now = o.now ?? Date.now;
  const ttl = o.accessTokenTtlSeconds ?? 1800;
  const codes = new Map<string, { redirectUri: string; expiresAt: number }>();
  const accessTokens = new Map<string, { expiresAt: number; refreshToken: string }>();
  const refreshTokens = new Set<string>();
  const scopes = () => [...(o.scopes ?? REQUIRED_SCOPES)];

  const checkClient = (clientId: string | undefined, clientSecret: string | undefined) => {
    if (clientId !== o.clientId || clientSecret !== o.clientSecret) throw new OAuthError(400, 'invalid_client', 'missing or unknown client id, or wrong client secret', 'BAD_CLIENT_ID');
  };

  function consentRefusal(clientId: string, redirectUri: string): OAuthError | null {
    if (clientId !== o.clientId) return new OAuthError(400, 'invalid_client', `unknown client_id ${clientId}`, 'BAD_CLIENT_ID');
    if (!o.redirectUrls.includes(redirectUri)) return new OAuthError(400, 'invalid_request', unregisteredRedirect(redirectUri), 'BAD_REDIRECT_URI');
    return null;
  }

  function issue(refreshToken: string) {
    const access = token('sandbox-oauth');
    accessTokens.set(access, { expiresAt: now() + ttl * 1000, refreshToken });
    return {
      access_token: access,
      refresh_token: refreshToken,
      expires_in: ttl,
      token_type: 'bearer',
      token_use: 'access_token',
      hub_id: o.portalId,
      user_id: 1,
      scopes: scopes(),
    };
  }

  return {
    /** The portal a bearer token opens, or HubSpot's 401. */
    authenticate(authorization: string | undefined): { portalId: number; kind: 'private' | 'oauth'; token: string } {
      const bearer = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
      if (!bearer) throw unauthenticated();
      if (bearer === o.privateToken) return { portalId: o.portalId, kind: 'private', token: bearer };
      const t = accessTokens.get(bearer);
      if (!t || !refreshTokens.has(t.refreshToken)) throw unauthenticated();
      if (t.expiresAt <= now()) throw new HubspotError(401, 'EXPIRED_AUTHENTICATION', 'The OAuth token used to make this call expired.');
      return { portalId: o.portalId, kind: 'oauth', token: bearer };
    },
    /** Why the consent page refuses this app and redirect URI, or null when it may be shown. */
    consentRefusal,
    authorize(clientId: string, redirectUri: string): string {
      const refusal = consentRefusal(clientId, redirectUri);
      if (refusal) throw refusal;
      const code = token('sandbox-code');
      codes.set(code, { redirectUri, expiresAt: now() + 5 * 60_000 });
      return code;
    },
    token(f: Record<string, string | undefined>) {
      checkClient(f.client_id, f.client_secret);
      if (f.grant_type === 'authorization_code') {
        // The legacy status name is unverified; the RFC 6749 error is what the 2026-03 endpoint promises (facts §5).
        if (!o.redirectUrls.includes(f.redirect_uri ?? '')) throw new OAuthError(400, 'invalid_grant', `redirect_uri ${String(f.redirect_uri)} is not one of the app's redirect URLs`, 'BAD_REDIRECT_URI');
        const c = codes.get(f.code ?? '');
        codes.delete(f.code ?? '');
        if (!c || c.expiresAt <= now() || c.redirectUri !== f.redirect_uri) throw new OAuthError(400, 'invalid_grant', 'authorization code is invalid, expired or already used, or redirect_uri differs', 'BAD_AUTH_CODE');
        const refresh = token('sandbox-refresh');
        refreshTokens.add(refresh);
        return issue(refresh);
      }
      if (f.grant_type === 'refresh_token') {
        if (!refreshTokens.has(f.refresh_token ?? '')) throw new OAuthError(400, 'invalid_grant', 'refresh token is invalid, expired or revoked', 'BAD_REFRESH_TOKEN');
        return issue(f.refresh_token!);
      }
      throw new OAuthError(400, 'unsupported_grant_type', `grant_type ${String(f.grant_type)} is not supported`, 'BAD_GRANT_TYPE');
    },
    introspect(f: Record<string, string | undefined>) {
      checkClient(f.client_id, f.client_secret);
      const t = accessTokens.get(f.token ?? '');
      const active = f.token_type_hint === 'refresh_token' ? refreshTokens.has(f.token ?? '') : !!t && t.expiresAt > now() && refreshTokens.has(t.refreshToken);
      if (!active) return { active: false };
      return {
        active: true, hub_id: o.portalId, app_id: o.appId, client_id: o.clientId, scopes: scopes(), user_id: 1,
        hub_domain: `sandbox-${o.portalId}.hubspot.local`, expires_in: t ? Math.round((t.expiresAt - now()) / 1000) : undefined, is_private_distribution: false,
      };
    },
    /**
     * What a private-app token may do (`POST /oauth/v2/private-apps/get/access-token-info`, the token in the body;
     * https://developers.hubspot.com/docs/api/private-apps). An unknown token is HubSpot's 401.
     */
    privateTokenInfo(f: Record<string, unknown>) {
      if (f.tokenKey !== o.privateToken) throw unauthenticated();
      return { userId: 1, hubId: o.portalId, appId: o.appId, scopes: scopes() };
    },
    revoke(f: Record<string, string | undefined>) {
      checkClient(f.client_id, f.client_secret);
      refreshTokens.delete(f.token ?? '');
    },
    /** The app uninstalled: every refresh token stops working (BAD_REFRESH_TOKEN), and so do its access tokens. */
    uninstall(): void {
      refreshTokens.clear();
      accessTokens.clear();
    },
    isInstalled: () => refreshTokens.size > 0,
  };
}
export type SandboxAuth = ReturnType<typeof createSandboxAuth>;
