import type { CrmPort } from '../crm/crm-port';
import type { ContactActivity } from '../domain/contact-activity';

type FormActivity = Extract<ContactActivity, { kind: 'form_submitted' }>;

// A submission's `submittedAt` and the contact's `recent_conversion_date` are the same moment seen twice.
const SAME_SUBMISSION_MS = 60_000;
const FORMS_TTL_MS = 10 * 60_000;

/**
 * HubSpot's webhook says only that a contact converted, and the form's name. The Forms API says which form
 * (its id) and which fields: find the submission by form name, time and email.
 */
export function createFormSubmissionResolver(crm: CrmPort, now: () => number = Date.now) {
  const forms = new Map<number, { at: number; list: Promise<Array<{ id: string; name: string }>> }>();
  const formsOf = (portalId: number) => {
    const cached = forms.get(portalId);
    if (cached && now() - cached.at < FORMS_TTL_MS) return cached.list;
    const list = crm.listForms(portalId);
    forms.set(portalId, { at: now(), list });
    list.catch(() => forms.delete(portalId));
    return list;
  };

  return async function resolve(portalId: number, activity: FormActivity, email: string | null | undefined): Promise<FormActivity> {
    if (activity.formId || !activity.formName) return activity;
    const form = (await formsOf(portalId)).find((f) => f.name.trim().toLowerCase() === activity.formName!.trim().toLowerCase());
    if (!form) return activity;
    const submissions = await crm.listFormSubmissions(portalId, form.id, 50);
    const match = submissions.find((s) => {
      if (Math.abs(s.submittedAt - activity.at) > SAME_SUBMISSION_MS) return false;
      const given = s.values.find((v) => v.name === 'email')?.value;
      return !email || !given || given.toLowerCase() === email.toLowerCase();
    });
    if (!match) return { ...activity, formId: form.id };
    return { ...activity, formId: form.id, ...(match.pageUrl ? { pageUrl: match.pageUrl } : {}), fields: Object.fromEntries(match.values.map((v) => [v.name, v.value])) };
  };
}
