import type { Logger } from '../log/create-logger';
import { randomUUID } from 'node:crypto';
import type { BackfillStore } from '../store/backfill-store-port';
import type { SlaStore } from '../store/sla-store-port';
import type { RunOptions } from './create-backfill';
import type { BackfillProgress } from './run-backfill';

export type BackfillStatus = 'idle' | 'running' | 'finished' | 'stopped' | 'failed';

export interface BackfillState {
  portalId: number;
  status: BackfillStatus;
  done: number;
  total: number;
  etaSeconds: number | null;
}

export interface AutoBackfill {
  /** Starts a background backfill of the portal unless one runs; `ifNew`: not when a backfill of it finished. */
  start(portalId: number, o?: { ifNew?: boolean }): Promise<void>;
  state(portalId: number): BackfillState;
  /** Resolves when no backfill runs (tests; shutdown after stop()). */
  whenIdle(): Promise<void>;
  /** Stops every run between two pages; the checkpoint is where the next start continues. */
  stop(): Promise<void>;
}

export interface AutoBackfillDeps {
  run: (o: RunOptions) => Promise<BackfillProgress>;
  store: BackfillStore & Pick<SlaStore, 'takeLease' | 'releaseLease'>;
  now?: () => number;
  /** This instance's name in the portal's backfill lease. */
  holder?: string;
  logger: Logger;
  onProgress?: (p: BackfillProgress) => void;
}

/**
 * The in-process backfill: once after an OAuth install and on the first start of a portal, in the background of
 * the running app (its CRM takes the `background` turn in the app's own limiters, so live webhooks go first).
 */
// A portal's backfill runs on one instance of several: a lease renewed at every page, so an instance that dies
// lets a survivor continue from the checkpoint within a couple of minutes.
const LEASE_MS = 120_000;

export function createAutoBackfill(d: AutoBackfillDeps): AutoBackfill {
  const now = d.now ?? Date.now;
  const holder = d.holder ?? `backfill-${randomUUID()}`;
  const leaseOf = (portalId: number) => `backfill:${portalId}`;
  const runs = new Map<number, Promise<void>>();
  const states = new Map<number, BackfillState>();
  let stopping = false;

  const track = (p: BackfillProgress, status: BackfillStatus) =>
    states.set(p.portalId, { portalId: p.portalId, status, done: p.done, total: p.total, etaSeconds: p.etaSeconds });

  return {
    async start(portalId, o = {}) {
      if (stopping || runs.has(portalId)) return;
      // A portal done before is left alone; one a shutdown stopped half-way continues from its checkpoint.
      if (o.ifNew && (await d.store.getBackfillCheckpoint(portalId))?.status === 'finished') return;
      if (runs.has(portalId) || stopping) return;
      if (!(await d.store.takeLease(leaseOf(portalId), holder, now(), LEASE_MS))) return;
      if (runs.has(portalId) || stopping) return void (await d.store.releaseLease(leaseOf(portalId), holder));
      d.logger.info('backfill started in the background', { portalId });
      let leaseLost = false;
      const run = d
        .run({
          portalId,
          shouldStop: () => stopping || leaseLost,
          onProgress: (p) => {
            track(p, p.finished ? 'finished' : 'running');
            d.onProgress?.(p);
            // Renewed at every page; a page slower than the lease lost it to another instance: stop, it goes on.
            void d.store.takeLease(leaseOf(portalId), holder, now(), LEASE_MS).then(
              (kept) => (leaseLost ||= !kept),
              () => (leaseLost = true),
            );
          },
        })
        .then((p) => void track(p, p.finished ? 'finished' : 'stopped'))
        .catch((error: unknown) => {
          const s = states.get(portalId);
          states.set(portalId, { portalId, status: 'failed', done: s?.done ?? 0, total: s?.total ?? 0, etaSeconds: null });
          d.logger.error('background backfill failed; the next start continues from its checkpoint', { portalId, error });
        })
        .finally(() => {
          runs.delete(portalId);
          void d.store.releaseLease(leaseOf(portalId), holder).catch(() => undefined);
        });
      runs.set(portalId, run);
    },
    state: (portalId) => states.get(portalId) ?? { portalId, status: 'idle', done: 0, total: 0, etaSeconds: null },
    async whenIdle() {
      while (runs.size > 0) await Promise.all(runs.values());
    },
    async stop() {
      stopping = true;
      await Promise.all(runs.values());
    },
  };
}
