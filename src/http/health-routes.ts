import { Router } from 'express';
import type { Store } from '../store/store-port';
import type { IntakeHealth } from './intake-health';

/** What `/readyz` checks beyond the store and the worker's loop. */
export interface Readiness {
  /** The intake's last commit failed and nothing has committed since. */
  intake?: Pick<IntakeHealth, 'check'>;
  /** Due events waiting without progress for longer than the worker's lease: since when (null when keeping up). */
  workerStalledSince?: () => number | null;
  /** A failure escaped every handler (unhandled rejection): the process may be half-broken. */
  processFault?: () => { since: number; message: string } | null;
}

export interface HealthDeps extends Readiness {
  store: Store;
  /** Absent in a web process (LEADLOOP_ROLE=web): no worker to check. */
  isWorkerRunning?: () => boolean;
}

const iso = (t: number) => new Date(t).toISOString();

export function healthRoutes({ store, isWorkerRunning, intake, workerStalledSince, processFault }: HealthDeps): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const checks: Record<string, string> = {};
    const details: Record<string, string> = {};
    try {
      await store.ping();
      checks.store = 'ok';
    } catch {
      checks.store = 'unreachable';
    }
    const failing = intake ? await intake.check() : null;
    checks.intake = failing ? 'cannot commit' : 'ok';
    if (failing) details.intake = `webhook deliveries could not be committed since ${iso(failing.failingSince)}, and a write probe fails too`;
    const stalledSince = workerStalledSince?.() ?? null;
    if (isWorkerRunning) checks.worker = !isWorkerRunning() ? 'stopped' : stalledSince !== null ? 'stalled' : 'ok';
    if (stalledSince !== null) details.worker = `due events have waited without progress since ${iso(stalledSince)}, longer than the worker's lease`;
    const fault = processFault?.() ?? null;
    if (processFault) checks.process = fault ? 'unhandled rejection' : 'ok';
    // The message stays in the log: /readyz is public, and an error's text can carry a HubSpot answer or a URL.
    if (fault) details.process = `an unhandled rejection at ${iso(fault.since)}; see the log, then restart leadloop`;
    const failed = Object.keys(checks).filter((k) => checks[k] !== 'ok');
    const ready = failed.length === 0;
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', checks, ...(ready ? {} : { failed, details }) });
  });
  return router;
}
