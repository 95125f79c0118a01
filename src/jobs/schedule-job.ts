import cron from 'node-cron';
import type { Logger } from '../log/create-logger';
import { momentOf, runOncePerMoment, type ClaimMoment } from './run-once-per-moment';

export interface ScheduledJob {
  stop(): Promise<void>;
}

export interface ScheduleOptions {
  /** Given: each firing's second is claimed in the store first, so one instance of several runs it. */
  claim?: ClaimMoment;
  now?: () => number;
}

/** True when node-cron accepts the expression (config/sla.json `audit.schedule`). */
export const isValidSchedule = (expression: string): boolean => cron.validate(expression);

/**
 * Runs `job` on a cron schedule. A run never overlaps the previous one in this process, and with `claim` each
 * firing runs on one instance only (see run-once-per-moment.ts); a failing run is logged and the schedule goes on.
 * `stop` waits for a run in progress.
 */
export function scheduleJob(name: string, expression: string, job: (moment: number) => Promise<unknown>, logger: Logger, options: ScheduleOptions = {}): ScheduledJob {
  const now = options.now ?? Date.now;
  let running: Promise<unknown> | null = null;
  const task = cron.schedule(expression, () => {
    if (running) return;
    const moment = momentOf(now());
    running = (options.claim ? runOncePerMoment(options.claim, name, moment, () => job(moment)) : job(moment))
      .catch((error: unknown) => logger.error('scheduled job failed', { job: name, error }))
      .finally(() => (running = null));
  });
  return {
    async stop() {
      await task.stop();
      await running;
    },
  };
}
