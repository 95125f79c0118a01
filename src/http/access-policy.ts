import type { Request, RequestHandler } from 'express';
import { HttpError } from './http-error';

/**
 * Who may call what: the one table. `createApp` checks every request against it before any route runs; a path not
 * listed needs a reader's credentials (default deny).
 * - public: anyone; carries no portal data.
 * - hubspot-signature: HubSpot; the route verifies the request signature (v3) over the raw body.
 * - oauth-state: HubSpot's redirect back; the route verifies the signed single-use `state`.
 * - reader: the admin token (Bearer, or a session from /login) or a HubSpot user's session, scoped to their portal.
 * - metrics: the admin token (Bearer) or admin session; or nobody here when /metrics has its own port.
 * Every route checks the `Host` header except the orchestrators' probes (`hostCheck: false`).
 */
export type Who = 'public' | 'hubspot-signature' | 'oauth-state' | 'reader' | 'metrics';

export interface AccessRule {
  method: 'GET' | 'POST' | '*';
  /** An exact path, or a prefix ending in `/*`. */
  path: string;
  who: Who;
  hostCheck?: false;
  why: string;
}

export const ACCESS_POLICY: readonly AccessRule[] = [
  { method: 'GET', path: '/healthz', who: 'public', hostCheck: false, why: 'liveness; orchestrators probe by IP address, so any Host' },
  { method: 'GET', path: '/readyz', who: 'public', hostCheck: false, why: 'readiness; says which check fails, names no contact' },
  { method: '*', path: '/webhooks/hubspot', who: 'hubspot-signature', why: 'HubSpot delivers to PUBLIC_URL, so its Host matches' },
  { method: 'GET', path: '/oauth/install', who: 'public', why: "starts an install; HubSpot's consent page decides" },
  { method: 'GET', path: '/oauth/oauth.css', who: 'public', why: "the install pages' stylesheet; no data" },
  { method: 'GET', path: '/oauth/callback', who: 'oauth-state', why: 'install and HubSpot sign-in both return here (the one registered redirect URL)' },
  { method: 'GET', path: '/auth/hubspot', who: 'public', why: 'starts a HubSpot sign-in for a portal user' },
  { method: 'GET', path: '/login', who: 'public', why: 'exchanges the admin token for a session; failures are rate-limited per client' },
  { method: 'POST', path: '/logout', who: 'public', why: 'ends the session' },
  { method: 'GET', path: '/vendor/chart.umd.min.js', who: 'public', why: 'the charting library; no data' },
  { method: 'GET', path: '/metrics', who: 'metrics', why: 'operational counters; Prometheus scrapes with the bearer token' },
  { method: 'GET', path: '/api/report', who: 'reader', why: 'names contacts and owners' },
  { method: 'GET', path: '/api/report.csv', who: 'reader', why: 'names contacts and owners' },
  { method: 'GET', path: '/api/contract', who: 'reader', why: "the contract's versions and the proposal, as the report's" },
  { method: 'GET', path: '/api/backfill', who: 'reader', why: "a portal's progress, as the report's" },
  { method: '*', path: '/api/contacts/*', who: 'hubspot-signature', why: "the contact card's hubspot.fetch; scoped to the signed portalId" },
  { method: 'GET', path: '/*', who: 'reader', why: 'the dashboard, which loads the report' },
];

const DEFAULT_RULE: AccessRule = { method: '*', path: '/*', who: 'reader', why: 'not listed: default deny' };

export function ruleFor(method: string, path: string): AccessRule {
  const m = method === 'HEAD' ? 'GET' : method;
  const matches = (r: AccessRule) => (r.method === '*' || r.method === m) && (r.path.endsWith('/*') ? path.startsWith(r.path.slice(0, -1)) : path === r.path);
  return ACCESS_POLICY.find(matches) ?? DEFAULT_RULE;
}

/** Applies the table: the Host check, then the guard of the rule's audience (public ones pass to their route). */
export function enforceAccessPolicy(hostAllowed: (req: Request) => boolean, guards: Record<'reader' | 'metrics', RequestHandler>): RequestHandler {
  return (req, res, next) => {
    const rule = ruleFor(req.method, req.path);
    if (rule.hostCheck !== false && !hostAllowed(req)) {
      return next(new HttpError(421, 'HTTP.WRONG_HOST', "this server does not answer for that Host: use PUBLIC_URL's address (behind a proxy, pass the Host header through)"));
    }
    if (rule.who === 'reader' || rule.who === 'metrics') return guards[rule.who](req, res, next);
    return next();
  };
}
