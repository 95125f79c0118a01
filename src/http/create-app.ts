import express, { type Express } from 'express';
import type { Logger } from '../log/create-logger';
import type { Store } from '../store/store-port';
import { enforceAccessPolicy } from './access-policy';
import { authRoutes } from './auth-routes';
import { cardRoutes, type CardRouteDeps } from './card-routes';
import { createCredentials } from './credentials';
import { hostAllowed } from './host-check';
import { createHubspotSignIn } from './hubspot-sign-in';
import { metricsRoute } from './metrics-route';
import { securityHeaders } from './security-headers';
import { createSessions } from './sessions';
import { createSignInLimiter } from './sign-in-limiter';
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
  /** Absent in a web process: no worker here, and /readyz does not check one. */
  isWorkerRunning?: () => boolean;
  /** LEADLOOP_ROLE: a worker process serves only /healthz, /readyz and /metrics (its load balancer sends it nothing). */
  role?: 'all' | 'web' | 'worker';
  /** What `/readyz` checks besides the store and the worker's loop; `intake` also hears the webhook's commits. */
  readiness?: { intake?: IntakeHealth; workerStalledSince?: Readiness['workerStalledSince']; processFault?: Readiness['processFault'] };
  webhook: Omit<WebhookRouteDeps, 'store' | 'logger' | 'metrics'>;
  /** Present when OAuth is configured (HUBSPOT_CLIENT_ID, HUBSPOT_CLIENT_SECRET, LEADLOOP_ENCRYPTION_KEY). */
  oauth?: OAuthRouteDeps;
  /** The contact card's backend (`hubspot.fetch` from the card on HubSpot's contact record). */
  card?: Omit<CardRouteDeps, 'store' | 'logger'>;
  /** The closed-loop report API and the dashboard. */
  report?: Omit<ReportRouteDeps, 'store'>;
  /** Who may call what (access-policy.ts): the admin token, PUBLIC_URL's host, where /metrics is served. */
  access: {
    adminToken: string;
    publicUrl?: string;
    /** LEADLOOP_METRICS_PORT is set: /metrics is served there, not here. */
    metricsOnOwnPort?: boolean;
    /** Express's `trust proxy` (LEADLOOP_TRUST_PROXY): whose X-Forwarded-For names the client for the sign-in limiter. */
    trustProxy?: string;
    signInLimit?: { max: number; windowMs: number };
    now?: () => number;
  };
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  const a = deps.access;
  const now = a.now ?? Date.now;
  if (a.trustProxy) app.set('trust proxy', /^\d+$/.test(a.trustProxy) ? Number(a.trustProxy) : a.trustProxy);
  const secureCookie = a.publicUrl?.startsWith('https:') ?? false;
  const sessions = createSessions(a.adminToken, now);
  const limiter = createSignInLimiter({ ...a.signInLimit, now });
  const credentials = createCredentials({ adminToken: a.adminToken, sessions, limiter, metricsElsewhere: a.metricsOnOwnPort ?? false });
  const hubspot = deps.oauth && createHubspotSignIn({ ...deps.oauth, sessions, secureCookie, now: deps.oauth.now ?? now });
  app.use(requestContext());
  app.use(securityHeaders({ hsts: secureCookie }));
  app.use(enforceAccessPolicy(hostAllowed(a.publicUrl), credentials));
  app.use(healthRoutes({ store: deps.store, isWorkerRunning: deps.isWorkerRunning, ...deps.readiness }));
  if (deps.role === 'worker') {
    if (!a.metricsOnOwnPort) app.use(metricsRoute(deps.metrics));
    app.use((_req, res) => {
      res.status(404).json({ error: { code: 'HTTP.NOT_FOUND', message: 'a leadloop worker (LEADLOOP_ROLE=worker) serves /healthz, /readyz and /metrics only; send webhooks and visits to a web process' } });
    });
    app.use(errorMiddleware(deps.logger));
    return app;
  }
  app.use(webhookRoute({ ...deps.webhook, store: deps.store, logger: deps.logger, metrics: deps.metrics, ...(deps.readiness?.intake ? { intake: deps.readiness.intake } : {}) }));
  if (!a.metricsOnOwnPort) app.use(metricsRoute(deps.metrics));
  app.use(authRoutes({ credentials, sessions, limiter, secureCookie, ...(hubspot ? { hubspot } : {}) }));
  if (deps.oauth) app.use(oauthRoutes(deps.oauth, hubspot));
  if (deps.card) app.use(cardRoutes({ ...deps.card, store: deps.store, logger: deps.logger }));
  if (deps.report) app.use(reportRoutes({ ...deps.report, store: deps.store }));
  app.use((_req, res) => {
    res.status(404).json({ error: { code: 'HTTP.NOT_FOUND', message: 'no such route' } });
  });
  app.use(errorMiddleware(deps.logger));
  return app;
}
