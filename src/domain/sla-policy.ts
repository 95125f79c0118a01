import { addWorkingHours, type BusinessCalendar } from './sla-clock';

/** The parts of config/sla.json the clocks need (the domain does not import the config module). */
export interface SlaTerms {
  firstTouch: { deadlineHours: number; mode: 'business' | 'calendar' };
  calendar: BusinessCalendar;
  attempts: { minimum: number; withinDays: number };
  remindersBeforeDeadlineHours: number[];
  escalation?: { afterHours: number; managerOwnerId: string };
}

/** One MQL's follow-up obligation, as the store keeps it. */
export interface SlaItem {
  openedAt: number;
  ownerId: string | null;
  /** When the first-touch clock started: the MQL moment, or the latest reassignment before any touch. */
  clockStartAt: number;
  firstTouchAt: number | null;
  /** Distinct touch times since the MQL (each call, email, meeting or status move once). */
  touches: number[];
  /** Notices already given for this clock (their kinds). */
  noticesGiven: string[];
}

export type SlaNoticeKind = `reminder-${number}h` | 'first-touch-breach' | 'escalation' | 'attempts-breach';

export interface SlaNotice {
  kind: SlaNoticeKind;
  /** Who the notice is for: the owner, or the manager for an escalation. */
  to: 'owner' | 'manager';
  /** The moment the notice became due. */
  at: number;
}

export interface SlaEvaluation {
  firstTouchDueAt: number;
  attemptsDueAt: number;
  notices: SlaNotice[];
  /** open: on time so far; overdue: a breach, still running; met / breached: settled. */
  status: 'open' | 'overdue' | 'met' | 'breached';
  /** When to look again; null once nothing more can happen. */
  nextCheckAt: number | null;
}

const DAY_MS = 86_400_000;
/** Touches this close together are one touch: HubSpot updates several properties for one logged call. */
export const SAME_TOUCH_MS = 60_000;

/** Adds a touch unless one within a minute is already counted. */
export function withTouch(touches: readonly number[], at: number): number[] {
  if (touches.some((t) => Math.abs(t - at) < SAME_TOUCH_MS)) return [...touches];
  return [...touches, at].sort((a, b) => a - b);
}

/**
 * What the SLA asks of one MQL at `now`: the due times, the notices now due and not yet given, whether it is
 * met, breached or still open, and when to look again. Pure: the audit job stores and acts on the answer.
 */
export function evaluateSla(terms: SlaTerms, item: SlaItem, now: number): SlaEvaluation {
  const { deadlineHours, mode } = terms.firstTouch;
  const at = (hours: number) => addWorkingHours(item.clockStartAt, hours, terms.calendar, mode);
  const firstTouchDueAt = at(deadlineHours);
  const attemptsDueAt = item.openedAt + terms.attempts.withinDays * DAY_MS;
  const given = new Set(item.noticesGiven);
  const candidates: SlaNotice[] = [];
  const touchedInTime = item.firstTouchAt !== null && item.firstTouchAt <= firstTouchDueAt;

  if (item.firstTouchAt === null) {
    for (const h of terms.remindersBeforeDeadlineHours) {
      if (h >= deadlineHours) continue;
      candidates.push({ kind: `reminder-${h}h`, to: 'owner', at: at(deadlineHours - h) });
    }
    candidates.push({ kind: 'first-touch-breach', to: 'owner', at: firstTouchDueAt });
    if (terms.escalation) candidates.push({ kind: 'escalation', to: 'manager', at: at(deadlineHours + terms.escalation.afterHours) });
  }
  const attemptsInWindow = item.touches.filter((t) => t >= item.openedAt && t <= attemptsDueAt).length;
  const attemptsMet = attemptsInWindow >= terms.attempts.minimum;
  if (!attemptsMet) candidates.push({ kind: 'attempts-breach', to: 'owner', at: attemptsDueAt });

  // A reminder whose moment passed together with the deadline is not worth sending: the breach says it.
  const notices = candidates.filter((n) => n.at <= now && !given.has(n.kind) && !(n.kind.startsWith('reminder') && now >= firstTouchDueAt));
  const future = candidates.filter((n) => n.at > now && !given.has(n.kind)).map((n) => n.at);

  const breached = given.has('first-touch-breach') || notices.some((n) => n.kind === 'first-touch-breach') || (item.firstTouchAt !== null && !touchedInTime) || (!attemptsMet && now >= attemptsDueAt);
  const resolved = item.firstTouchAt !== null && (attemptsMet || now >= attemptsDueAt);
  const settled = resolved || future.length === 0;
  const status = settled ? (breached ? 'breached' : 'met') : breached ? 'overdue' : 'open';
  return { firstTouchDueAt, attemptsDueAt, notices, status, nextCheckAt: settled ? null : (future.length > 0 ? Math.min(...future) : null) };
}
