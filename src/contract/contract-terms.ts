import { createHash } from 'node:crypto';
import type { SlaConfig } from '../config/sla-schema';
import type { ContractTerms } from '../domain/contract-versions';

/**
 * The contract in config/sla.json: the commitment, the first-touch deadline, the attempts and the calendar. Routing,
 * reminders, the audit's schedule and the review's recipients are how leadloop works, not what the teams agreed, so
 * changing them makes no new version.
 */
export const contractTermsOf = (sla: SlaConfig): ContractTerms => ({
  monthlyMqlCommitment: sla.monthlyMqlCommitment,
  firstTouch: { deadlineHours: sla.firstTouch.deadlineHours, mode: sla.firstTouch.mode },
  attempts: { minimum: sla.attempts.minimum, withinDays: sla.attempts.withinDays },
  calendar: { timeZone: sla.calendar.timeZone, workingDays: [...sla.calendar.workingDays], hours: { ...sla.calendar.hours }, holidays: [...sla.calendar.holidays] },
});

/** A hash of the terms in a fixed key order: the same contract hashes the same whatever the file's layout. */
export const termsHash = (t: ContractTerms): string =>
  createHash('sha256')
    .update(JSON.stringify([t.monthlyMqlCommitment, t.firstTouch.deadlineHours, t.firstTouch.mode, t.attempts.minimum, t.attempts.withinDays, t.calendar.timeZone, t.calendar.workingDays, t.calendar.hours.start, t.calendar.hours.end, t.calendar.holidays]))
    .digest('hex')
    .slice(0, 12);
