import { Client } from '@hubspot/api-client';
import type { GrantedScopes } from '../portal-inspection-port';
import type { HubspotOAuth } from './hubspot-oauth';
import { mapHubspotError } from './map-api-error';
import { parseAnswer } from './hubspot-portal-inspection';
import { introspectionSchema, privateTokenInfoSchema } from './portal-inspection-schemas';

/**
 * A private app's scopes: `POST /oauth/v2/private-apps/get/access-token-info` with `{tokenKey}`
 * (https://developers.hubspot.com/docs/api/private-apps, "Retrieve information about a private app access token").
 */
export async function privateAppScopes(token: string, baseUrl: string): Promise<GrantedScopes> {
  const what = 'read the private-app token info';
  const client = new Client({ accessToken: token, basePath: baseUrl, numberOfApiCallRetries: 0 });
  let res;
  try {
    res = await client.apiRequest({ method: 'POST', path: '/oauth/v2/private-apps/get/access-token-info', body: { tokenKey: token } });
  } catch (e) {
    throw mapHubspotError(e, what);
  }
  const text = await res.text();
  if (!res.ok) throw mapHubspotError({ code: res.status, body: text, headers: {} }, what);
  return { kind: 'private-app', scopes: parseAnswer(privateTokenInfoSchema, JSON.parse(text), what).scopes };
}

/** An OAuth install's scopes, from the date-versioned token introspection (facts §5). */
export async function oauthScopes(oauth: Pick<HubspotOAuth, 'introspect'>, accessToken: string): Promise<GrantedScopes> {
  const info = parseAnswer(introspectionSchema, await oauth.introspect(accessToken), 'introspect the access token');
  return { kind: 'oauth', scopes: info.active ? (info.scopes ?? []) : [] };
}
