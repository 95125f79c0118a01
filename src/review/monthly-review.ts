import { randomUUID } from 'node:crypto';
import type { SlaConfig } from '../config/sla-schema';
import { reviewMonthDue } from '../domain/review-schedule';
import type { Logger } from '../log/create-logger';
import type { Store } from '../store/store-port';
import { buildReviewPack, type OwnerName } from './build-review-pack';
import { reviewTargets, sendReview, type ReviewChannels, type ReviewSendLine } from './send-review';

const LEASE = 'monthly-review';
const LEASE_MS = 10 * 60_000;

export interface MonthlyReviewRun {
  /** The month whose review was due, or null (not yet this month's first working day). */
  month: string | null;
  /** Another instance holds the lease: this one did nothing. */
  skipped: boolean;
  lines: ReviewSendLine[];
}

/**
 * The monthly review on a clock: each run (the schedule checks every hour) asks whether the review of the month just
 * ended is due (from the opening hour of this month's first working day, by the contract's calendar), and sends what
 * has not been sent. A store lease keeps instances from building the pack together; the send claims keep each
 * recipient to one message whatever happens.
 */
export function createMonthlyReview(o: { store: Store; sla: SlaConfig; channels: ReviewChannels; logger: Logger; publicUrl?: string; ownerName?: OwnerName; holder?: string }) {
  const holder = o.holder ?? `review-${randomUUID()}`;
  const targets = reviewTargets(o.sla.review.recipients, o.channels);
  return {
    async run(now: number): Promise<MonthlyReviewRun> {
      const month = reviewMonthDue(now, o.sla.calendar);
      if (month === null || targets.length === 0) return { month, skipped: false, lines: [] };
      // Every target has it: nothing to build (the hourly check costs one indexed read).
      const done = new Set((await o.store.reviewSends(month)).filter((s) => s.status === 'sent').map((s) => `${s.channel}:${s.recipient}`));
      if (targets.every((t) => done.has(`${t.channel}:${t.recipient}`))) return { month, skipped: false, lines: [] };
      if (!(await o.store.takeLease(LEASE, holder, now, LEASE_MS))) return { month, skipped: true, lines: [] };
      try {
        const pack = await buildReviewPack(o.store, o.sla, { month, now, ...(o.publicUrl ? { publicUrl: o.publicUrl } : {}), ...(o.ownerName ? { ownerName: o.ownerName } : {}) });
        const lines = await sendReview({ store: o.store, pack, recipients: o.sla.review.recipients, channels: o.channels, now });
        const failed = lines.filter((l) => l.outcome === 'failed');
        if (failed.length > 0) o.logger.warn('monthly review: some sends failed; the next run tries them again', { month, failed });
        if (lines.some((l) => l.outcome === 'sent')) o.logger.info('monthly review sent', { month, sent: lines.filter((l) => l.outcome === 'sent').map((l) => `${l.channel}:${l.recipient}`) });
        return { month, skipped: false, lines };
      } finally {
        await o.store.releaseLease(LEASE, holder);
      }
    },
  };
}
export type MonthlyReview = ReturnType<typeof createMonthlyReview>;
