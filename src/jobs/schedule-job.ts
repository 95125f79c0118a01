import cron from 'node-cron';
import type { Logger } from '../log/create-logger';

export interface ScheduledJob {
  stop(): Promise<void>;
}

/** True when node-cron accepts the expression (config/sla.json `audit.schedule`). */
export const isValidSchedule = (expression: string): boolean => cron.validate(expression);

/**
 * Runs `job` on a cron schedule. A run never overlaps the previous one in this process (the store lease keeps
 * instances apart); a failing run is logged and the schedule goes on. `stop` waits for a run in progress.
 */
export function scheduleJob(name: string, expression: string, job: () => Promise<unknown>, logger: Logger): ScheduledJob {
  let running: Promise<unknown> | null = null;
  const task = cron.schedule(expression, () => {
    if (running) return;
    running = job()
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
