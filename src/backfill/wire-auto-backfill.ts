import type { LoadedScoringConfig } from '../config/load-scoring-config';
import type { BackfillMetrics } from '../http/metrics';
import { createAutoBackfill, type AutoBackfill } from './auto-backfill';
import { createBackfill, type BackfillDeps } from './create-backfill';
import { progressReporter } from './report-progress';

export interface AutoBackfillWiring extends Omit<BackfillDeps, 'rules' | 'sla'> {
  rules: LoadedScoringConfig;
  progress: BackfillMetrics;
}

/**
 * The running app's own backfill: its CRM shares the app's limiters with the `background` turn, and it never
 * opens SLA clocks (`--open-sla` is the CLI's choice only: owners are not tasked about old leads on day one).
 */
export function wireAutoBackfill(w: AutoBackfillWiring): AutoBackfill {
  const backfill = createBackfill({ ...w });
  const log = progressReporter(w.logger, { isTTY: false } as NodeJS.WriteStream);
  return createAutoBackfill({
    run: (o) => backfill.run(o),
    store: w.store,
    logger: w.logger,
    now: w.now,
    onProgress: (p) => {
      w.progress.progress(p);
      log(p);
    },
  });
}
