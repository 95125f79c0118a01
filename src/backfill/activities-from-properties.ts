import type { ContactActivity } from '../domain/contact-activity';
import { parseHubspotTime } from '../domain/hubspot-time';
import type { NewActivity } from '../store/contact-store-port';

/** Read with each contact: what its history says beyond the properties the rules read. */
export const BACKFILL_HISTORY_PROPERTIES = [
  'recent_conversion_date', 'recent_conversion_event_name', 'first_conversion_date', 'first_conversion_event_name',
  'hs_analytics_num_page_views', 'hs_analytics_last_timestamp', 'hs_analytics_last_url',
  'hs_email_open', 'hs_email_last_open_date', 'hs_email_click', 'hs_email_last_click_date', 'lastmodifieddate',
] as const;

// As for webhooks (normalize-activities.ts): a few dozen activities say as much as thousands.
const MAX_PER_COUNTER = 50;

type Props = Readonly<Record<string, string | null | undefined>>;

/**
 * The activities a contact's current properties stand for, keyed as the webhook path keys them (`form:<at>`,
 * `page_viewed:<n>`), so a backfill and a later webhook never count one twice. HubSpot keeps only the first and
 * latest conversion on the contact (facts §11): those two become form submissions; counters become that many
 * views, opens and clicks at the last time HubSpot recorded one.
 */
export function activitiesFromProperties(p: Props): NewActivity[] {
  const out: NewActivity[] = [];
  const fallback = parseHubspotTime(p.lastmodifieddate ?? null) ?? 0;
  for (const [date, name] of [['first_conversion_date', 'first_conversion_event_name'], ['recent_conversion_date', 'recent_conversion_event_name']] as const) {
    const at = parseHubspotTime(p[date] ?? null);
    if (at === null || out.some((a) => a.sourceKey === `form:${at}`)) continue;
    const formName = p[name] ?? undefined;
    out.push({ activity: { kind: 'form_submitted', at, ...(formName ? { formName } : {}) }, sourceKey: `form:${at}` });
  }
  const counters = [
    ['hs_analytics_num_page_views', 'page_viewed', 'hs_analytics_last_timestamp'],
    ['hs_email_open', 'email_opened', 'hs_email_last_open_date'],
    ['hs_email_click', 'email_clicked', 'hs_email_last_click_date'],
  ] as const;
  for (const [counter, kind, last] of counters) {
    // A counter HubSpot holds as "1e400" or garbage is no count at all (an infinite one would never stop the loop).
    const raw = Number(p[counter] ?? 0);
    const count = Number.isFinite(raw) ? Math.max(0, Math.floor(raw)) : 0;
    const at = parseHubspotTime(p[last] ?? null) ?? fallback;
    const url = kind === 'page_viewed' ? (p.hs_analytics_last_url ?? undefined) : undefined;
    for (let n = Math.max(1, count - MAX_PER_COUNTER + 1); n <= count; n += 1) {
      out.push({ activity: { kind, at, ...(url ? { url } : {}) } as ContactActivity, sourceKey: `${kind}:${n}` });
    }
  }
  return out;
}
