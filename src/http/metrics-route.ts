import express, { Router, type Express } from 'express';
import type { Metrics } from './metrics';

/** `GET /metrics` in Prometheus's text format. On the main port it is behind the admin token (access-policy.ts). */
export function metricsRoute(metrics: Metrics): Router {
  const router = Router();
  router.get('/metrics', async (_req, res) => {
    res.setHeader('Content-Type', metrics.registry.contentType);
    res.send(await metrics.registry.metrics());
  });
  return router;
}

/**
 * The app on LEADLOOP_METRICS_PORT: `/metrics` only, without a token, as Prometheus scrapes node exporters. It is
 * bound to 127.0.0.1 unless LEADLOOP_METRICS_HOST says otherwise; whoever reaches that address reads the counters
 * (which name no contact).
 */
export function createMetricsApp(metrics: Metrics): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(metricsRoute(metrics));
  app.use((_req, res) => void res.status(404).json({ error: { code: 'HTTP.NOT_FOUND', message: 'this port serves /metrics only' } }));
  return app;
}
