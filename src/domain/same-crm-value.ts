import { parseHubspotTime } from './hubspot-time';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T/;

/**
 * Whether what HubSpot holds already says `ours`: the same text, the same number ("80" and "80.0"), or the same
 * instant. HubSpot reads datetimes back as ISO 8601 whatever was written (epoch ms is accepted on write), so a due
 * time leadloop wrote as "1795186800000" comes back as "2026-11-20T15:00:00Z": as strings they always differ, and
 * the property would be rewritten on every decision. Instants are compared only when one side is an ISO date-time:
 * two bare numbers stay numbers. https://developers.hubspot.com/docs/faq/how-should-timestamps-be-formatted-for-hubspots-apis
 */
export function sameCrmValue(crm: string | null | undefined, ours: string): boolean {
  if ((crm ?? '') === ours) return true;
  if (crm === null || crm === undefined || crm === '' || ours === '') return false;
  if (ISO_INSTANT.test(crm) || ISO_INSTANT.test(ours)) {
    const a = parseHubspotTime(crm);
    const b = parseHubspotTime(ours);
    return a !== null && b !== null && a === b;
  }
  const a = Number(crm);
  const b = Number(ours);
  return Number.isFinite(a) && Number.isFinite(b) && a === b;
}
