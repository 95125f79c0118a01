import express, { type Express } from 'express';
import type { Logger } from '../log/create-logger';
import type { Store } from '../store/store-port';
import { errorMiddleware } from './error-middleware';
import { healthRoutes, type Readiness } from './health-routes';
import type { IntakeHealth } from './intake-health';
import { oauthRoutes, type OAuthRouteDeps } from './oauth-routes';
import type { Metrics } from './metrics';
import { reportRoutes, type ReportRouteDeps } from './report-routes';
import { requestContext } from './request-context';
import { webhookRoute, type WebhookRouteDeps } from './webhook-route';

export interface AppDeps {
  store: Store;
  logger: Logger;
  metrics: Metrics;
  isWorkerRunning: () => boolean;
  /** What `/readyz` checks besides the store and the worker's loop; `intake` also hears the webhook's commits. */
  readiness?: { intake?: IntakeHealth; workerStalledSince?: Readiness['workerStalledSince']; processFault?: Readiness['processFault'] };
  webhook: Omit<WebhookRouteDeps, 'store' | 'logger' | 'metrics'>;
  /** Present when OAuth is configured (HUBSPOT_CLIENT_ID, HUBSPOT_CLIENT_SECRET, LEADLOOP_ENCRYPTION_KEY). */
  oauth?: OAuthRouteDeps;
  /** The closed-loop report API and the dashboard. */
  report?: Omit<ReportRouteDeps, 'store'>;
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(requestContext());
  app.use(healthRoutes({ store: deps.store, isWorkerRunning: deps.isWorkerRunning, metrics: deps.metrics, ...deps.readiness }));
  app.use(webhookRoute({ ...deps.webhook, store: deps.store, logger: deps.logger, metrics: deps.metrics, ...(deps.readiness?.intake ? { intake: deps.readiness.intake } : {}) }));
  if (deps.oauth) app.use(oauthRoutes(deps.oauth));
  if (deps.report) app.use(reportRoutes({ ...deps.report, store: deps.store }));
  app.use((_req, res) => {
    res.status(404).json({ error: { code: 'HTTP.NOT_FOUND', message: 'no such route' } });
  });
  app.use(errorMiddleware(deps.logger));
  return app;
}
