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
