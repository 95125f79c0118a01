import type { ContactActivity } from '../domain/contact-activity';
import { parseHubspotTime } from '../domain/hubspot-time';
import { associationChangeSchema } from '../events/classify-event';
import type { NewActivity, PropertyChange } from '../store/contact-store-port';
import type { StoredEvent } from '../store/store-port';

/** HubSpot has no form webhook: a submission shows up as a new `recent_conversion_date` (facts §3). */
const CONVERSION_DATE = 'recent_conversion_date';
const CONVERSION_NAME = 'recent_conversion_event_name';
/** Counters whose increments are activities: each new count is one more view, open or click. */
const COUNTERS: Record<string, 'page_viewed' | 'email_opened' | 'email_clicked'> = {
  hs_analytics_num_page_views: 'page_viewed',
  hs_email_open: 'email_opened',
  hs_email_click: 'email_clicked',
};
// HubSpot sets a submission's name and date together; a name event this close to the stored date names it.
const SAME_SUBMISSION_MS = 5_000;
// One property change can jump a counter far (an import); a few dozen activities say as much as thousands.
const MAX_ACTIVITIES_PER_JUMP = 50;

export interface NormalisedChanges {
  changes: PropertyChange[];
  activities: NewActivity[];
  /** Deals this contact was associated with (or lost) in these events. */
  dealLinks: Array<{ dealId: string; removed: boolean; at: number }>;
}

const parseTime = (value: string | null, fallback: number): number => parseHubspotTime(value) ?? fallback;

/**
 * Turns one contact's webhook events (in occurredAt order) into property changes and normalised activities.
 * `previous` holds the properties known before these events, to count counter increments.
 */
export function normaliseContactEvents(events: readonly StoredEvent[], previous: Readonly<Record<string, string | null | undefined>>): NormalisedChanges {
  const changes: PropertyChange[] = [];
  const activities: NewActivity[] = [];
  const dealLinks: NormalisedChanges['dealLinks'] = [];
  const known: Record<string, string | null | undefined> = { ...previous };
  // The form's name may arrive before or after the date in the same delivery: read it from the whole group.
  const latestName = [...events].reverse().find((e) => e.propertyName === CONVERSION_NAME)?.propertyValue ?? null;
  const hasDate = events.some((e) => e.propertyName === CONVERSION_DATE && e.propertyValue);

  for (const e of events) {
    if (e.subscriptionType.endsWith('propertyChange') && e.propertyName) {
      const before = known[e.propertyName];
      changes.push({ name: e.propertyName, value: e.propertyValue, at: e.occurredAt });
      known[e.propertyName] = e.propertyValue;
      if (e.propertyName === CONVERSION_DATE && e.propertyValue) {
        const at = parseTime(e.propertyValue, e.occurredAt);
        const formName = latestName ?? known[CONVERSION_NAME] ?? undefined;
        const activity: ContactActivity = { kind: 'form_submitted', at, ...(formName ? { formName } : {}) };
        activities.push({ activity, sourceKey: `form:${at}` });
      }
      // Out of order: the date came in an earlier delivery, without the name; this name completes that submission.
      if (e.propertyName === CONVERSION_NAME && e.propertyValue && !hasDate && previous[CONVERSION_DATE]) {
        const at = parseTime(previous[CONVERSION_DATE] ?? null, Number.NaN);
        if (Math.abs(at - e.occurredAt) <= SAME_SUBMISSION_MS) {
          activities.push({ activity: { kind: 'form_submitted', at, formName: e.propertyValue }, sourceKey: `form:${at}` });
        }
      }
      const counter = COUNTERS[e.propertyName];
      if (counter) {
        const from = Number(before ?? 0) || 0;
        const to = Number(e.propertyValue ?? 0) || 0;
        const url = counter === 'page_viewed' ? (known.hs_analytics_last_url ?? undefined) : undefined;
        for (let n = Math.max(from + 1, to - MAX_ACTIVITIES_PER_JUMP + 1); n <= to; n += 1) {
          const activity = { kind: counter, at: e.occurredAt, ...(url ? { url } : {}) } as ContactActivity;
          activities.push({ activity, sourceKey: `${counter}:${n}` });
        }
      }
    }
    if (e.subscriptionType.endsWith('associationChange')) {
      const p = associationChangeSchema.safeParse(JSON.parse(e.payload));
      const type = p.success ? p.data.associationType.toUpperCase() : '';
      const dealId = !p.success ? undefined : type === 'CONTACT_TO_DEAL' ? p.data.toObjectId : type === 'DEAL_TO_CONTACT' ? p.data.fromObjectId : undefined;
      if (p.success && dealId !== undefined) {
        const removed = p.data.associationRemoved;
        dealLinks.push({ dealId, removed, at: e.occurredAt });
        if (!removed) activities.push({ activity: { kind: 'deal_associated', at: e.occurredAt, dealId }, sourceKey: `deal:${dealId}` });
      }
    }
  }
  return { changes, activities, dealLinks };
}
