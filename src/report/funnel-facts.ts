import type { ContactActivity } from '../domain/contact-activity';
import type { Decision } from '../domain/decide';
import { nameAndDomainKey, normalisedEmail } from '../domain/duplicate-keys';
import type { ContactLead } from '../domain/sales-acceptance';
import type { FunnelFacts } from '../store/report-store-port';

/**
 * What counts as sales rejecting a lead: `lifecycle.disqualified` of the rules (the hs_lead_status values that are
 * rejection reasons), and on a Leads portal the lead pipeline stages that mean disqualified.
 */
export interface RejectionRule {
  property: string;
  values: readonly string[];
  leadStages?: readonly string[];
}
export const DEFAULT_REJECTION: RejectionRule = { property: 'hs_lead_status', values: ['UNQUALIFIED'] };

const norm = (v: string | null | undefined) => (v ?? '').trim().toUpperCase();

/** Why sales rejected the contact (the configured value it holds, or its lead's disqualified stage), or null. */
export function rejectionReasonOf(rule: RejectionRule, p: Readonly<Record<string, string | null | undefined>>, leads: readonly ContactLead[] | null = null): string | null {
  const value = p[rule.property];
  if (value && rule.values.map(norm).includes(norm(value))) return value.trim();
  const stages = new Set((rule.leadStages ?? []).map(norm));
  const lead = (leads ?? []).find((l) => stages.has(norm(l.stage)));
  return lead ? `lead stage ${lead.stage}` : null;
}

/** What the closed-loop report keeps of one decision: stage reached, origin, rejection, duplicate keys. */
export function funnelFactsOf(d: Decision, p: Readonly<Record<string, string | null | undefined>>, activities: readonly ContactActivity[], rejection: RejectionRule = DEFAULT_REJECTION, leads: readonly ContactLead[] | null = null): FunnelFacts {
  const firstForm = activities.find((a): a is Extract<ContactActivity, { kind: 'form_submitted' }> => a.kind === 'form_submitted' && !!a.formName)?.formName ?? p.first_conversion_event_name ?? null;
  const name = `${p.firstname ?? ''} ${p.lastname ?? ''}`.trim();
  const rejectionReason = rejectionReasonOf(rejection, p, leads);
  return {
    stage: d.stage.to,
    at: d.computedAt,
    source: p.hs_analytics_source ?? null,
    sourceDetail: p.hs_analytics_source_data_1 ?? null,
    campaign: p.utm_campaign ?? p.hs_analytics_source_data_2 ?? p.hs_analytics_source_data_1 ?? null,
    firstForm,
    rejected: rejectionReason !== null,
    rejectionReason,
    emailKey: normalisedEmail(p.email),
    nameKey: nameAndDomainKey(p.firstname, p.lastname, p.email),
    displayName: name || p.email || null,
  };
}
