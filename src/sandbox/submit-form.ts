import { randomUUID } from 'node:crypto';
import { HubspotError, notFound } from './hubspot-error';
import type { SandboxPortal, StoredObject, Submission } from './sandbox-portal';
import { lifecycleOrder } from './sandbox-lifecycle';

export interface FormSubmissionInput {
  fields: Array<{ name: string; value: string }>;
  submittedAt?: number;
  pageUri?: string;
  /** The page's title (the Forms API's `context.pageName`). */
  pageName?: string;
}

/**
 * HubSpot names a conversion "<page title>: <form name>" (`Pricing | Northwind: Demo request`), never the bare
 * form name: the page title comes from `context.pageName`, else the page's URL stands for it. With neither
 * (a submission from a script with no context), the form name alone — unverified against a live portal.
 * https://knowledge.hubspot.com/properties/hubspots-default-contact-properties (Recent Conversion)
 */
export function conversionEventName(formName: string, input: Pick<FormSubmissionInput, 'pageName' | 'pageUri'>): string {
  const page = input.pageName?.trim() || input.pageUri?.trim();
  return page ? `${page}: ${formName}` : formName;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * What HubSpot does on a form submission: create or update the contact by email, set the submitted fields and
 * the conversion properties (count, most recent and first conversion), move the lifecycle stage forward to the
 * form's stage, and record the submission for the Forms API.
 */
export function submitForm(portal: SandboxPortal, formGuid: string, input: FormSubmissionInput): { contact: StoredObject; submission: Submission } {
  const form = portal.forms.find((f) => f.id === formGuid);
  if (!form) throw notFound(`form ${formGuid}`);
  const values = new Map(input.fields.map((f) => [f.name, f.value]));
  const email = values.get('email')?.trim();
  if (!email || !EMAIL.test(email)) {
    throw new HubspotError(400, 'VALIDATION_ERROR', 'The request is not valid', {
      errors: [{ message: "Error in 'fields.email'. Invalid email address", errorType: 'INVALID_EMAIL' }],
    });
  }
  const unknown = [...values.keys()].filter((name) => !portal.properties.has(name));
  if (unknown.length > 0) {
    throw new HubspotError(400, 'VALIDATION_ERROR', 'The request is not valid', {
      errors: unknown.map((name) => ({ message: `Error in 'fields.${name}'. This field is not on the form`, errorType: 'FIELD_NOT_IN_FORM_DEFINITION' })),
    });
  }
  const at = input.submittedAt ?? portal.now();
  const iso = new Date(at).toISOString();
  const actor = { changeSource: 'FORM', sourceId: formGuid };
  const existing = portal.contactByEmail(email);
  const fieldProps = Object.fromEntries(values);
  const conversion: Record<string, string> = {
    num_conversion_events: String(Number(existing?.properties.num_conversion_events ?? 0) + 1),
    recent_conversion_event_name: conversionEventName(form.name, input),
    recent_conversion_date: iso,
  };
  if (!existing?.properties.first_conversion_date) {
    conversion.first_conversion_date = iso;
    conversion.first_conversion_event_name = conversionEventName(form.name, input);
  }
  const stage = existing?.properties.lifecyclestage ?? '';
  const order = lifecycleOrder(portal);
  if (order.indexOf(stage) < order.indexOf(form.lifecycleStage)) conversion.lifecyclestage = form.lifecycleStage;
  const props = { ...fieldProps, ...conversion };
  const contact = existing ? (portal.update('contacts', existing.id, props, actor, at), existing) : portal.create('contacts', props, actor, at);

  const submission: Submission = { conversionId: randomUUID(), submittedAt: at, values: input.fields, ...(input.pageUri ? { pageUrl: input.pageUri } : {}) };
  const list = portal.submissions.get(formGuid) ?? [];
  list.push(submission);
  portal.submissions.set(formGuid, list);
  return { contact, submission };
}
