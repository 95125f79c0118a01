import express, { type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { HubspotError } from './hubspot-error';
import { formRoutes } from './routes/form-routes';
import { lifecycleLeadRoutes } from './routes/lifecycle-lead-routes';
import { crmObjectRoutes } from './routes/crm-object-routes';
import { oauthRoutes } from './routes/oauth-routes';
import { pipelineRoutes } from './routes/pipeline-routes';
import { privacyRoutes } from './routes/privacy-routes';
import { schemaRoutes } from './routes/schema-routes';
import { route, parseBody, type SandboxContext } from './routes/route-kit';
import type { SandboxAuth } from './sandbox-auth';
import { createWindowCounter, faultsSchema, type Faults } from './sandbox-faults';
import type { WebhookDispatcher } from './webhook-dispatcher';

/** What the API answered, for tests and benchmarks to check the faults really happened. */
export interface ApiStats {
  calls: number;
  rateLimited: number;
  injectedErrors: number;
}

export interface SandboxAppDeps extends SandboxContext {
  apiStats: ApiStats;
  auth: SandboxAuth;
  dispatcher: WebhookDispatcher;
  faults: Faults;
  random?: () => number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The sandbox's HTTP surface, in HubSpot's order of checks: faults (latency, errors) → bearer token → rate limit
 * (110-style rolling window per portal; search 5/s apart) → the route. Public endpoints (forms submit, OAuth)
 * skip the token, as on HubSpot.
 */
export function createSandboxApp(deps: SandboxAppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  const random = deps.random ?? Math.random;
  const general = createWindowCounter(() => deps.faults.rateLimitWindowMs);
  const search = createWindowCounter(() => 1_000);
  const stats = deps.apiStats;

  // Sandbox controls: not HubSpot's, for tests, the demo and benchmarks.
  app.get('/_sandbox/healthz', (_req, res) => res.json({ ok: true, portalId: deps.portal.portalId }));
  app.get('/_sandbox/stats', (_req, res) => res.json({ api: deps.apiStats, webhooks: deps.dispatcher.stats, pendingWebhooks: deps.dispatcher.pending(), contacts: deps.portal.table('contacts').size }));
  app.get('/_sandbox/faults', (_req, res) => res.json(deps.faults));
  app.post('/_sandbox/faults', express.json(), route((req, res) => {
    Object.assign(deps.faults, parseBody(faultsSchema.partial(), req.body));
    res.json(deps.faults);
  }));
  // What HubSpot's tracking records when a contact opens an email or views a page: read-only to apps, so the
  // demo and tests set them here, as HubSpot's analytics would (changeSource ANALYTICS).
  app.post('/_sandbox/contacts/:id/tracking', express.json(), route((req, res) => {
    const b = parseBody(z.object({ properties: z.record(z.string(), z.string()) }), req.body);
    deps.portal.update('contacts', String(req.params.id), b.properties, { changeSource: 'ANALYTICS' });
    res.json({ id: String(req.params.id), properties: b.properties });
  }));

  app.use(express.json({ limit: '5mb' }));
  app.use(express.urlencoded({ extended: false }));
  app.use(async (_req: Request, _res: Response, next: NextFunction) => {
    if (deps.faults.latencyMs > 0) await sleep(deps.faults.latencyMs);
    next();
  });

  const ctx: SandboxContext = { portal: deps.portal, appId: deps.appId, ...(deps.batchInputs ? { batchInputs: deps.batchInputs } : {}) };
  const forms = formRoutes(ctx);
  const oauth = oauthRoutes(ctx, deps.auth);
  app.use((_req, res, next) => {
    res.locals.authKind = 'public';
    next();
  }, forms.publicRoutes, oauth.publicRoutes);

  app.use((req: Request, res: Response, next: NextFunction) => {
    try {
      const who = deps.auth.authenticate(req.headers.authorization);
      res.locals.authKind = who.kind;
    } catch (e) {
      return next(e);
    }
    stats.calls += 1;
    const isSearch = req.method === 'POST' && req.path.endsWith('/search');
    const taken = isSearch ? search.take(5) : general.take(deps.faults.rateLimitPer10s);
    if (!taken.ok) {
      stats.rateLimited += 1;
      const policyName = isSearch ? 'SECONDLY' : 'TEN_SECONDLY_ROLLING';
      return next(new HubspotError(429, 'RATE_LIMITS', isSearch ? 'You have reached your secondly limit.' : 'You have reached your ten_secondly_rolling limit.', { errorType: 'RATE_LIMIT', policyName, groupName: `sandbox:${deps.portal.portalId}` }, { 'Retry-After': String(Math.ceil(taken.retryAfterMs / 1000)) }));
    }
    // Injected errors hit the app's API calls, not the visitors' form posts.
    if (deps.faults.errorRate > 0 && random() < deps.faults.errorRate) {
      stats.injectedErrors += 1;
      return next(new HubspotError(502, 'BAD_GATEWAY', 'Bad Gateway (sandbox fault injection)'));
    }
    if (!isSearch) {
      res.setHeader('X-HubSpot-RateLimit-Max', String(deps.faults.rateLimitPer10s));
      res.setHeader('X-HubSpot-RateLimit-Remaining', String(taken.remaining));
      res.setHeader('X-HubSpot-RateLimit-Interval-Milliseconds', String(deps.faults.rateLimitWindowMs));
    }
    next();
  });
  // The lifecycle and leads pipelines answer their exact paths before the deal pipelines' routes.
  app.use(privacyRoutes(ctx), lifecycleLeadRoutes(ctx), pipelineRoutes(ctx), crmObjectRoutes(ctx), schemaRoutes(ctx), forms.privateRoutes, oauth.privateRoutes);

  app.use((req: Request, _res: Response, next: NextFunction) => next(new HubspotError(404, 'OBJECT_NOT_FOUND', `No route for ${req.method} ${req.path} in the sandbox`)));
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const e =
      err instanceof HubspotError
        ? err
        : (err as { type?: string }).type === 'entity.parse.failed'
          ? new HubspotError(400, 'VALIDATION_ERROR', `Invalid input JSON: ${(err as Error).message}`)
          : new HubspotError(500, 'INTERNAL_ERROR', 'internal error');
    for (const [k, v] of Object.entries(e.headers)) res.setHeader(k, v);
    res.status(e.status).json(e.body());
  });
  return app;
}
