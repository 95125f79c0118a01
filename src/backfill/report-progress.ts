import type { Logger } from '../log/create-logger';
import type { BackfillProgress } from './run-backfill';

const eta = (s: number | null) => (s === null ? '?' : s < 90 ? `${s} s` : `${Math.round(s / 60)} min`);

/** A bar on a terminal (stderr, `\r`), a log line per page otherwise: done / total, rate, ETA. */
export function progressReporter(logger: Logger, stream: NodeJS.WriteStream = process.stderr): (p: BackfillProgress) => void {
  return (p) => {
    if (stream.isTTY) {
      const width = 30;
      const filled = p.total > 0 ? Math.round((p.done / p.total) * width) : 0;
      stream.write(`\rbackfill [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.done}/${p.total} ${p.rate.toFixed(0)}/s ETA ${eta(p.etaSeconds)}${p.finished ? '\n' : ''}`);
      return;
    }
    logger.info('backfill progress', { portalId: p.portalId, done: p.done, total: p.total, rate: Number(p.rate.toFixed(1)), etaSeconds: p.etaSeconds });
  };
}
