import { Client } from '@hubspot/api-client';
import { CrmError } from '../crm-error';
import { mapHubspotError } from './map-api-error';

export interface OAuthTokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  hubId?: number;
  scopes?: string[];
}

export interface HubspotOAuthOptions {
  baseUrl: string;
  /** Where users authorize; HubSpot's app origin, or the sandbox's. */
  authorizeBaseUrl: string;
  clientId: string;
  clientSecret: string;
}

/** The refresh token no longer works: the app was uninstalled or access revoked. */
export class RevokedError extends CrmError {
  constructor(message: string) {
    super('CRM.UNAUTHORIZED', message, false);
  }
}

/**
 * HubSpot's date-versioned OAuth endpoints (`/oauth/2026-03/token`, facts §5). @hubspot/api-client 13 still
 * calls the deprecated `/oauth/v1/token`, so these go through its generic request method.
 */
export function createHubspotOAuth(o: HubspotOAuthOptions) {
  const client = new Client({ basePath: o.baseUrl, numberOfApiCallRetries: 0 });

  async function form(path: string, fields: Record<string, string>, what: string): Promise<Record<string, unknown>> {
    let res;
    try {
      res = await client.apiRequest({
        method: 'POST',
        path,
        defaultJson: false,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ client_id: o.clientId, client_secret: o.clientSecret, ...fields }).toString(),
      });
    } catch (e) {
      throw mapHubspotError(e, what);
    }
    const text = await res.text();
    const body = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
    if (res.ok) return body;
    if (body.error === 'invalid_grant' || body.status === 'BAD_REFRESH_TOKEN') {
      throw new RevokedError(`${what}: ${String(body.error_description ?? body.message ?? 'refresh token is invalid, expired or revoked')}`);
    }
    throw mapHubspotError({ code: res.status, body, headers: {} }, what);
  }

  const toTokens = (b: Record<string, unknown>): OAuthTokens => ({
    accessToken: String(b.access_token),
    refreshToken: String(b.refresh_token),
    expiresIn: Number(b.expires_in),
    hubId: b.hub_id === undefined ? undefined : Number(b.hub_id),
    scopes: Array.isArray(b.scopes) ? (b.scopes as string[]) : undefined,
  });

  return {
    authorizeUrl(redirectUri: string, scopes: readonly string[], state: string): string {
      const url = new URL('/oauth/authorize', o.authorizeBaseUrl);
      url.search = new URLSearchParams({ client_id: o.clientId, redirect_uri: redirectUri, scope: scopes.join(' '), state }).toString();
      return url.toString();
    },
    async exchangeCode(code: string, redirectUri: string): Promise<OAuthTokens> {
      return toTokens(await form('/oauth/2026-03/token', { grant_type: 'authorization_code', code, redirect_uri: redirectUri }, 'exchange the authorization code'));
    },
    async refresh(refreshToken: string): Promise<OAuthTokens> {
      return toTokens(await form('/oauth/2026-03/token', { grant_type: 'refresh_token', refresh_token: refreshToken }, 'refresh the access token'));
    },
    async revoke(refreshToken: string): Promise<void> {
      await form('/oauth/2026-03/token/revoke', { token: refreshToken, token_type_hint: 'refresh_token' }, 'revoke the refresh token');
    },
    /**
     * What an access token may do: `POST /oauth/2026-03/token/introspect` answers `active`, `hub_id`, `scopes`…
     * (https://developers.hubspot.com/docs/api-reference/latest/authentication/manage-oauth-tokens).
     */
    async introspect(accessToken: string): Promise<Record<string, unknown>> {
      return form('/oauth/2026-03/token/introspect', { token: accessToken, token_type_hint: 'access_token' }, 'introspect the access token');
    },
    /** The app uninstalls itself from the portal (scope `oauth`). */
    async uninstall(accessToken: string): Promise<void> {
      const res = await new Client({ accessToken, basePath: o.baseUrl, numberOfApiCallRetries: 0 }).apiRequest({ method: 'DELETE', path: '/appinstalls/2026-03/external-install' });
      if (!res.ok && res.status !== 404) throw mapHubspotError({ code: res.status, body: await res.text(), headers: {} }, 'uninstall the app');
    },
  };
}

export type HubspotOAuth = ReturnType<typeof createHubspotOAuth>;
