import { conversionIsOfForm } from './conversion-name';
import type { ContactActivity } from './contact-activity';
import type { EventMatch, FormSelector } from './scoring-rules';

/** A contact's activities bucketed by kind once, so each rule looks only at its own kind. */
export type ActivityIndex = { [K in ContactActivity['kind']]: Array<Extract<ContactActivity, { kind: K }>> };

export function indexActivities(activities: readonly ContactActivity[]): ActivityIndex {
  const index: ActivityIndex = { form_submitted: [], page_viewed: [], email_opened: [], email_clicked: [], deal_associated: [], deal_won: [] };
  for (const a of activities) (index[a.kind] as ContactActivity[]).push(a);
  return index;
}

function formMatches(a: Extract<ContactActivity, { kind: 'form_submitted' }>, form: FormSelector | undefined): boolean {
  if (!form) return true;
  if (form.id !== undefined && a.formId !== form.id) return false;
  if (form.name !== undefined && !conversionIsOfForm(a.formName ?? '', form.name)) return false;
  return true;
}

/**
 * The activities that satisfy an event condition. `page_views ≥ N` is met once, and its evidence is the latest
 * matching view: dating it by the Nth view would make an extra, older view lower the score (fast-check found it).
 */
export function matchingActivities(match: EventMatch, activities: ActivityIndex): readonly ContactActivity[] {
  switch (match.kind) {
    case 'form_submitted':
      return match.form ? activities.form_submitted.filter((a) => formMatches(a, match.form)) : activities.form_submitted;
    case 'email_opened':
    case 'email_clicked':
      return activities[match.kind];
    case 'page_views': {
      let count = 0;
      let latest: ContactActivity | undefined;
      for (const a of activities.page_viewed) {
        if (match.urlContains !== undefined && !(a.url ?? '').includes(match.urlContains)) continue;
        count += 1;
        if (!latest || a.at > latest.at) latest = a;
      }
      return latest && count >= match.minCount ? [latest] : [];
    }
  }
}

const DAY_MS = 86_400_000;
const dayLabels = new Map<number, string>();

/** `YYYY-MM-DD` (UTC), cached per day: formatting dates was a fifth of the engine's time. */
function dayOf(at: number): string {
  const day = Math.floor(at / DAY_MS);
  let label = dayLabels.get(day);
  if (label === undefined) {
    label = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (dayLabels.size > 10_000) dayLabels.clear();
    dayLabels.set(day, label);
  }
  return label;
}

export function describeActivity(a: ContactActivity): string {
  const when = dayOf(a.at);
  switch (a.kind) {
    case 'form_submitted':
      return `submitted form "${a.formName ?? a.formId ?? 'unknown'}" on ${when}`;
    case 'page_viewed':
      return `viewed ${a.url ?? 'a page'} on ${when}`;
    case 'email_opened':
      return `opened a marketing email on ${when}`;
    case 'email_clicked':
      return `clicked a marketing email on ${when}`;
    case 'deal_associated':
      return `was associated with deal ${a.dealId} on ${when}`;
    case 'deal_won':
      return `deal ${a.dealId} closed won on ${when}`;
  }
}
