import type { SlaConfig } from '../config/sla-schema';
import type { SlaNotice } from '../domain/sla-policy';
import type { StoredSlaItem } from '../store/sla-store-port';

const when = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';

const HEADLINES: Record<string, (item: StoredSlaItem) => string> = {
  'first-touch-breach': () => 'Overdue MQL: no first touch within the SLA',
  escalation: () => 'Escalation: an MQL is still untouched',
  'attempts-breach': (i) => `MQL follow-up short: ${i.touches.length} attempt(s) logged`,
};

/** The subject and body a salesperson reads: why this is an MQL, what it did lately, what the SLA asks. */
export function noticeText(sla: SlaConfig, item: StoredSlaItem, notice: SlaNotice, context: { explanation: string | null; recent: string[]; ownerName?: string }) {
  const headline = HEADLINES[notice.kind]?.(item) ?? `Reminder: first touch due ${when(item.firstTouchDueAt)}`;
  const body = [
    `${headline} (contact ${item.contactId}${item.ownerId ? `, owner ${item.ownerId}` : ''}).`,
    '',
    'What the SLA asks:',
    `- first touch within ${sla.firstTouch.deadlineHours} ${sla.firstTouch.mode} hours of becoming an MQL: due ${when(item.firstTouchDueAt)}${item.firstTouchAt ? `, touched ${when(item.firstTouchAt)}` : ', not touched yet'}`,
    `- at least ${sla.attempts.minimum} attempts within ${sla.attempts.withinDays} days: ${item.touches.length} so far`,
    ...(notice.kind === 'escalation' ? [`- escalated to you (manager) after ${sla.escalation?.afterHours ?? 0} more hours without a touch`] : []),
    '',
    'Why this lead is an MQL:',
    context.explanation ?? '(no decision recorded)',
    '',
    'What it did recently:',
    ...(context.recent.length > 0 ? context.recent.map((r) => `- ${r}`) : ['- (nothing recorded)']),
  ].join('\n');
  return { subject: `${headline}: contact ${item.contactId}`, body };
}
