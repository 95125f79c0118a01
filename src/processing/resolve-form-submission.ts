import type { CrmPort, FormSubmission } from '../crm/crm-port';
import type { ContactActivity } from '../domain/contact-activity';
import { formOfConversion } from '../domain/conversion-name';
import { createKeyedBatcher } from '../writeback/keyed-batcher';

type FormActivity = Extract<ContactActivity, { kind: 'form_submitted' }>;

// A submission's `submittedAt` and the contact's `recent_conversion_date` are the same moment seen twice.
const SAME_SUBMISSION_MS = 60_000;
const FORMS_TTL_MS = 10 * 60_000;
/** Submissions are read back this far; an older conversion (a long backlog) keeps its form name only. */
const LOOKBACK_MS = 15 * 60_000;
const MAX_PAGES = 20;

/**
 * HubSpot's webhook says only that a contact converted, and the form's name. The Forms API says which form
 * (its id) and which fields: find the submission by form name, time and email. Lookups of one form within a
 * short window share one read of its recent submissions, so a burst of conversions costs a few calls, not one
 * per contact.
 */
export function createFormSubmissionResolver(crm: CrmPort, windowMs = 250, now: () => number = Date.now) {
  const forms = new Map<number, { at: number; list: Promise<Array<{ id: string; name: string }>> }>();
  const formsOf = (portalId: number) => {
    const cached = forms.get(portalId);
    if (cached && now() - cached.at < FORMS_TTL_MS) return cached.list;
    const list = crm.listForms(portalId);
    forms.set(portalId, { at: now(), list });
    list.catch(() => forms.delete(portalId));
    return list;
  };

  // Per form: the submissions already read (within the lookback). A new read pages only until it meets them,
  // so a burst of conversions costs about one page per 50 new submissions.
  const known = new Map<string, FormSubmission[]>();
  const recentSubmissions = createKeyedBatcher<null, FormSubmission[]>({
    windowMs,
    maxBatch: Number.MAX_SAFE_INTEGER,
    flush: async (portalId, items) => {
      const out = new Map<string, FormSubmission[]>();
      for (const formId of items.keys()) {
        const key = `${portalId}:${formId}`;
        const seen = known.get(key) ?? [];
        const seenIds = new Set(seen.map((x) => x.conversionId));
        const fresh: FormSubmission[] = [];
        let after: string | undefined;
        for (let page = 0; page < MAX_PAGES; page++) {
          const res = await crm.listFormSubmissions(portalId, formId, 50, after);
          const unseen = res.results.filter((x) => !seenIds.has(x.conversionId));
          fresh.push(...unseen);
          after = res.after;
          const oldest = res.results.at(-1)?.submittedAt ?? 0;
          if (!after || unseen.length < res.results.length || oldest < now() - LOOKBACK_MS) break;
        }
        const merged = [...fresh, ...seen].filter((x) => x.submittedAt >= now() - LOOKBACK_MS);
        known.set(key, merged);
        out.set(formId, merged);
      }
      return out;
    },
  });

  // A fetched list serves every lookup of that form for a little while (conversions of one claim, and the
  // prefetch made when the claim was taken).
  const fetched = new Map<string, { at: number; list: Promise<FormSubmission[]> }>();
  const submissionsOf = (portalId: number, formId: string): Promise<FormSubmission[]> => {
    const key = `${portalId}:${formId}`;
    const cached = fetched.get(key);
    if (cached && now() - cached.at < windowMs * 8) return cached.list;
    const list = recentSubmissions.add(portalId, formId, null).then((l) => l ?? []);
    fetched.set(key, { at: now(), list });
    list.catch(() => fetched.delete(key));
    return list;
  };
  // The contact's conversion name is "<page title>: <form name>" on a real portal: the form is the one it ends with.
  const formNamed = async (portalId: number, conversionName: string) => formOfConversion(conversionName, await formsOf(portalId));

  async function resolve(portalId: number, activity: FormActivity, email: string | null | undefined): Promise<FormActivity> {
    if (activity.formId || !activity.formName) return activity;
    const form = await formNamed(portalId, activity.formName);
    if (!form) return activity;
    const submissions = await submissionsOf(portalId, form.id);
    const match = submissions.find((s) => {
      if (Math.abs(s.submittedAt - activity.at) > SAME_SUBMISSION_MS) return false;
      const given = s.values.find((v) => v.name === 'email')?.value;
      return !email || !given || given.toLowerCase() === email.toLowerCase();
    });
    // Known by its id from here on, and by its own name (notes say "Demo request", not the page title before it).
    if (!match) return { ...activity, formId: form.id, formName: form.name };
    return { ...activity, formId: form.id, formName: form.name, ...(match.pageUrl ? { pageUrl: match.pageUrl } : {}), fields: Object.fromEntries(match.values.map((v) => [v.name, v.value])) };
  }

  /** Starts the reads a claim will need (by form name), so its conversions share them. */
  function prefetch(portalId: number, formName: string): void {
    formNamed(portalId, formName).then(
      (form) => void (form && submissionsOf(portalId, form.id).catch(() => undefined)),
      () => undefined,
    );
  }

  return { resolve, prefetch };
}

export type FormResolver = ReturnType<typeof createFormSubmissionResolver>;
