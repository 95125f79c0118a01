/**
 * A HubSpot time as a property value carries it: epoch milliseconds in webhooks ("1795479534787"), ISO 8601 from
 * the CRM API ("2026-11-24T09:00:00.000Z"). Null when it is neither.
 */
export function parseHubspotTime(value: string | null | undefined): number | null {
  if (!value) return null;
  const n = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  return Number.isFinite(n) ? n : null;
}
