import { Router } from 'express';
import type { Store } from '../store/store-port';
import type { Metrics } from './metrics';

export interface HealthDeps {
  store: Store;
  isWorkerRunning: () => boolean;
  metrics: Metrics;
}

export function healthRoutes({ store, isWorkerRunning, metrics }: HealthDeps): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const checks: Record<string, string> = {};
    try {
      await store.ping();
      checks.store = 'ok';
    } catch {
      checks.store = 'unreachable';
    }
    checks.worker = isWorkerRunning() ? 'ok' : 'stopped';
    const ready = Object.values(checks).every((v) => v === 'ok');
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', checks });
  });
  router.get('/metrics', async (_req, res) => {
    res.setHeader('Content-Type', metrics.registry.contentType);
    res.send(await metrics.registry.metrics());
  });
  return router;
}
