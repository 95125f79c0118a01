import type { ContactActivity } from './contact-activity';
import type { EventMatch, FormSelector } from './scoring-rules';

function formMatches(a: Extract<ContactActivity, { kind: 'form_submitted' }>, form: FormSelector | undefined): boolean {
  if (!form) return true;
  if (form.id !== undefined && a.formId !== form.id) return false;
  if (form.name !== undefined && (a.formName ?? '').trim().toLowerCase() !== form.name.trim().toLowerCase()) return false;
  return true;
}

/**
 * The activities that satisfy an event condition. For `page_views ≥ N` the condition is met once, by the Nth
 * matching view: the returned list is that view alone (or empty).
 */
export function matchingActivities(match: EventMatch, activities: readonly ContactActivity[]): ContactActivity[] {
  switch (match.kind) {
    case 'form_submitted':
      return activities.filter((a) => a.kind === 'form_submitted' && formMatches(a, match.form));
    case 'email_opened':
    case 'email_clicked':
      return activities.filter((a) => a.kind === match.kind);
    case 'page_views': {
      const views = activities
        .filter((a) => a.kind === 'page_viewed' && (match.urlContains === undefined || (a.url ?? '').includes(match.urlContains)))
        .sort((x, y) => x.at - y.at);
      const nth = views[match.minCount - 1];
      return nth ? [nth] : [];
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
