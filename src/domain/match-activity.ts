import type { ContactActivity } from './contact-activity';
import type { EventMatch, FormSelector } from './scoring-rules';

function formMatches(a: Extract<ContactActivity, { kind: 'form_submitted' }>, form: FormSelector | undefined): boolean {
  if (!form) return true;
  if (form.id !== undefined && a.formId !== form.id) return false;
  if (form.name !== undefined && (a.formName ?? '').trim().toLowerCase() !== form.name.trim().toLowerCase()) return false;
  return true;
}

/**
 * The activities that satisfy an event condition. `page_views ≥ N` is met once, and its evidence is the latest
 * matching view: dating it by the Nth view would make an extra, older view lower the score (fast-check found it).
 */
export function matchingActivities(match: EventMatch, activities: readonly ContactActivity[]): ContactActivity[] {
  switch (match.kind) {
    case 'form_submitted':
      return activities.filter((a) => a.kind === 'form_submitted' && formMatches(a, match.form));
    case 'email_opened':
    case 'email_clicked':
      return activities.filter((a) => a.kind === match.kind);
    case 'page_views': {
      let count = 0;
      let latest: ContactActivity | undefined;
      for (const a of activities) {
        if (a.kind !== 'page_viewed' || (match.urlContains !== undefined && !(a.url ?? '').includes(match.urlContains))) continue;
        count += 1;
        if (!latest || a.at > latest.at) latest = a;
      }
      return latest && count >= match.minCount ? [latest] : [];
    }
  }
}

export function describeActivity(a: ContactActivity): string {
  const when = new Date(a.at).toISOString().slice(0, 10);
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
