import helmet from 'helmet';
import type { RequestHandler } from 'express';

/**
 * The Content-Security-Policy of every page. The dashboard has no inline script or style (its early fetch lives in
 * early.js), so the policy allows none; nothing may frame leadloop (frame-ancestors 'none').
 */
export const CSP: Record<string, string[]> = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/** Security headers on every answer, by helmet: the CSP above, nosniff, no referrer, same-origin opener, no framing. */
export function securityHeaders({ hsts }: { hsts: boolean }): RequestHandler {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives: CSP },
    // Only over https (PUBLIC_URL): a browser told this over plain http would lock itself out of a local instance.
    strictTransportSecurity: hsts ? { maxAge: 15_552_000, includeSubDomains: false } : false,
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    xFrameOptions: { action: 'deny' },
  });
}
