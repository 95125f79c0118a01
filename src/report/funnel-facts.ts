import type { ContactActivity } from '../domain/contact-activity';
import type { Decision } from '../domain/decide';
import { nameAndDomainKey, normalisedEmail } from '../domain/duplicate-keys';
import type { FunnelFacts } from '../store/report-store-port';

/** What the closed-loop report keeps of one decision: stage reached, origin, rejection, duplicate keys. */
export function funnelFactsOf(d: Decision, p: Readonly<Record<string, string | null | undefined>>, activities: readonly ContactActivity[]): FunnelFacts {
  const firstForm = activities.find((a): a is Extract<ContactActivity, { kind: 'form_submitted' }> => a.kind === 'form_submitted' && !!a.formName)?.formName ?? p.first_conversion_event_name ?? null;
  const name = `${p.firstname ?? ''} ${p.lastname ?? ''}`.trim();
  return {
    stage: d.stage.to,
    at: d.computedAt,
    source: p.hs_analytics_source ?? null,
    campaign: p.utm_campaign ?? p.hs_analytics_source_data_2 ?? p.hs_analytics_source_data_1 ?? null,
    firstForm,
    rejected: p.hs_lead_status === 'UNQUALIFIED',
    emailKey: normalisedEmail(p.email),
    nameKey: nameAndDomainKey(p.firstname, p.lastname, p.email),
    displayName: name || p.email || null,
  };
}
