import type { SlaConfig } from '../config/sla-schema';
import type { SlaTerms } from '../domain/sla-policy';

export const SLA_PROPERTIES = { due: 'leadloop_sla_due', status: 'leadloop_sla_status' } as const;
/** What the SLA reads from the CRM with each contact (owner, and the follow-up signals of facts §7). */
export const SLA_READ_PROPERTIES = ['hubspot_owner_id', SLA_PROPERTIES.due, SLA_PROPERTIES.status] as const;

export const termsOf = (c: SlaConfig): SlaTerms => ({
  firstTouch: c.firstTouch,
  calendar: c.calendar,
  attempts: c.attempts,
  remindersBeforeDeadlineHours: c.remindersBeforeDeadlineHours,
  ...(c.escalation ? { escalation: c.escalation } : {}),
});
