import { Signature } from '@hubspot/api-client';

/**
 * Signs a delivery the way HubSpot does, using @hubspot/api-client's own Signature helper: an oracle
 * independent of leadloop's verifier.
 */
export function hubspotV3Headers(secret: string, url: string, body: string, timestamp = Date.now()): Record<string, string> {
  return {
    'Content-Type': 'application/json',
    'X-HubSpot-Signature-Version': 'v3',
    'X-HubSpot-Signature-v3': Signature.getSignature('POST', 'v3', { signature: '', clientSecret: secret, requestBody: body, url, timestamp }),
    'X-HubSpot-Request-Timestamp': String(timestamp),
  };
}

let nextEventId = 1_000_000;

export interface EventOverrides {
  [key: string]: unknown;
}

/** A contact event shaped like HubSpot's documented payloads (shared/hubspot-examples). */
export function contactEvent(overrides: EventOverrides = {}): Record<string, unknown> {
  const eventId = nextEventId++;
  return {
    eventId,
    subscriptionId: 12345,
    portalId: 62515,
    appId: 54321,
    occurredAt: 1_764_000_000_000 + eventId,
    subscriptionType: 'contact.creation',
    attemptNumber: 0,
    objectId: 123,
    changeSource: 'CRM',
    changeFlag: 'NEW',
    ...overrides,
  };
}

/**
 * Signs a `hubspot.fetch` request as HubSpot's proxy does, with @hubspot/api-client's helper as the oracle. HubSpot
 * signs the URI with its escapes decoded (`%40` → `@` in `userEmail`); the helper does not decode, so it is handed
 * the decoded URI, and the request goes out encoded.
 */
export function hubspotFetchHeaders(secret: string, method: string, url: string, body = '', timestamp = Date.now()): Record<string, string> {
  const signedUrl = url.replace(/%40/g, '@');
  return {
    'Content-Type': 'application/json',
    'X-HubSpot-Signature-Version': 'v3',
    'X-HubSpot-Signature-v3': Signature.getSignature(method, 'v3', { signature: '', clientSecret: secret, requestBody: body, url: signedUrl, timestamp }),
    'X-HubSpot-Request-Timestamp': String(timestamp),
  };
}
