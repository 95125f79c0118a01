/**
 * Sales acceptance read from Sales Hub's Leads object or from `hs_lead_status`. Portals that work prospects as
 * Lead records (object 0-136) leave `hs_lead_status` empty: there the lead's pipeline stage says whether sales
 * connected with or qualified the person, and its call and email counts are the attempts.
 * https://developers.hubspot.com/docs/api-reference/crm-leads-v3/guide
 */

/** One of the contact's leads, as the CRM holds it. */
export interface ContactLead {
  id: string;
  /** `hs_pipeline_stage`: the lead pipeline stage id. */
  stage: string;
  /** `hs_lead_call_count` and `hs_lead_email_count`. */
  calls: number;
  emails: number;
}

export type SalesAcceptanceSource = 'leadStatus' | 'leadsObject' | 'auto';

export interface SalesAcceptedRule {
  property: string;
  values: string[];
  /** Where acceptance is read; 'leadStatus' when omitted. */
  source?: SalesAcceptanceSource;
  /** Lead pipeline stage ids that mean sales accepted (source leadsObject or auto). */
  leadStages?: string[];
}

/** Whether the rule reads leads at all: only then does the CRM adapter fetch them. */
export const readsLeads = (rule: SalesAcceptedRule): boolean => (rule.source ?? 'leadStatus') !== 'leadStatus';

/**
 * Whether the contact's leads are the source for this contact: `leadsObject` always, `auto` when the contact
 * has leads (null: not read or not available in the portal, so `hs_lead_status` is the fallback).
 */
export function usesLeads(rule: SalesAcceptedRule, leads: readonly ContactLead[] | null): leads is readonly ContactLead[] {
  const source = rule.source ?? 'leadStatus';
  if (source === 'leadsObject') return leads !== null;
  return source === 'auto' && leads !== null && leads.length > 0;
}

const norm = (v: string | null | undefined) => (v ?? '').trim().toUpperCase();

/** The reason sales accepted the contact, or null when it has not. */
export function salesAcceptance(rule: SalesAcceptedRule, props: Readonly<Record<string, string | null | undefined>>, leads: readonly ContactLead[] | null): string | null {
  if (usesLeads(rule, leads)) {
    const stages = new Set((rule.leadStages ?? []).map(norm));
    const hit = leads.find((l) => stages.has(norm(l.stage)));
    return hit ? `sales accepted the lead (lead ${hit.id} in stage ${hit.stage})` : null;
  }
  if ((rule.source ?? 'leadStatus') === 'leadsObject') return null;
  const status = norm(props[rule.property]);
  return rule.values.map(norm).includes(status) ? `sales accepted the lead (${rule.property} = ${status})` : null;
}

/** Calls and emails logged on the contact's leads: the attempts the SLA counts on a Leads portal. */
export const leadAttempts = (leads: readonly ContactLead[] | null): number => (leads ?? []).reduce((n, l) => n + l.calls + l.emails, 0);
