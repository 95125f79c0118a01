import { sameCrmValue } from './same-crm-value';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T/;

/**
 * The properties, among `relevant`, whose value in HubSpot differs from the last one leadloop heard (undefined:
 * never heard of the object). Empty and missing are the same; a datetime heard as epoch ms (webhooks) and read
 * as ISO 8601 (the CRM API) is the same instant. An empty list means nothing to re-decide.
 */
export function changedProperties(crm: Readonly<Record<string, string | null | undefined>>, heard: ReadonlyMap<string, string | null> | undefined, relevant: readonly string[]): string[] {
  return relevant.filter((name) => !sameCrmValue(crm[name], heard?.get(name) ?? ''));
}

/** A value as a webhook would carry it: datetimes as epoch milliseconds (facts §1), anything else as read. */
export function asWebhookValue(value: string | null | undefined): string {
  if (!value) return '';
  if (!ISO_INSTANT.test(value)) return value;
  const t = Date.parse(value);
  return Number.isFinite(t) ? String(t) : value;
}
