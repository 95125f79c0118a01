import { z } from 'zod';

const hm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (24-hour)');
const isHm = (v: string) => hm.safeParse(v).success;
const isZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};
const ownerId = z.string().regex(/^\d+$/, 'expected a HubSpot owner id (digits)');

/** config/sla.json: the contract between marketing and sales (documented in config/README.md). */
export const slaSchema = z
  .strictObject({
    $schema: z.string().optional(),
    monthlyMqlCommitment: z.number().int().nonnegative(),
    firstTouch: z.strictObject({
      deadlineHours: z.number().positive().max(24 * 30),
      mode: z.enum(['business', 'calendar']),
    }),
    calendar: z
      .strictObject({
        timeZone: z.string().refine(isZone, 'not an IANA time zone (e.g. "Europe/Berlin")'),
        workingDays: z.array(z.number().int().min(1).max(7)).min(1, 'at least one working day (1 = Monday … 7 = Sunday)'),
        // Compared only when both are valid times: a malformed start has its own message already.
        hours: z.strictObject({ start: hm, end: hm }).refine((h) => !isHm(h.start) || !isHm(h.end) || h.start < h.end, 'end must be after start'),
        holidays: z.array(z.iso.date()).default([]),
      }),
    attempts: z.strictObject({ minimum: z.number().int().min(1), withinDays: z.number().positive() }),
    remindersBeforeDeadlineHours: z.array(z.number().positive()).default([]),
    escalation: z.strictObject({ afterHours: z.number().positive(), managerOwnerId: ownerId }).optional(),
    routing: z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('roundRobinActiveOwners'), absentOwnerIds: z.array(ownerId).default([]) }),
      z.strictObject({ kind: z.literal('roundRobin'), ownerIds: z.array(ownerId).min(1), absentOwnerIds: z.array(ownerId).default([]) }),
      z.strictObject({ kind: z.literal('defaultOwner'), ownerId }),
    ]),
    audit: z.strictObject({ schedule: z.string().min(1).default('*/5 * * * *') }).default({ schedule: '*/5 * * * *' }),
    // What the contract is sized from (`leadloop contract propose`); not part of the contract's versions.
    target: z.strictObject({ revenuePerMonth: z.number().positive(), averageDealValue: z.number().positive() }).optional(),
    // The monthly review (src/review): who receives it, and how often leadloop checks whether it is due.
    review: z
      .strictObject({
        recipients: z.array(z.email('expected an email address')).default([]),
        slack: z.boolean().default(true),
        schedule: z.string().min(1).default('15 * * * *'),
      })
      .default({ recipients: [], slack: true, schedule: '15 * * * *' }),
  });

export type SlaConfig = z.infer<typeof slaSchema>;
