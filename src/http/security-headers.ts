import type { RequestHandler } from 'express';

/**
 * Security headers on every answer. These are the headers `helmet` sets with the options below; helmet is not a
 * dependency yet, so they are written here. To switch, replace the body with:
 *
 *   import helmet from 'helmet';
 *   return helmet({
 *     contentSecurityPolicy: { useDefaults: false, directives: CSP },
 *     strictTransportSecurity: hsts ? { maxAge: 15552000, includeSubDomains: false } : false,
 *     referrerPolicy: { policy: 'no-referrer' },
 *     crossOriginOpenerPolicy: { policy: 'same-origin' },
 *   });
 *
 * The dashboard has no inline script or style (its early fetch lives in early.js), so the policy allows none.
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

export function securityHeaders({ hsts }: { hsts: boolean }): RequestHandler {
  const csp = Object.entries(CSP).map(([k, v]) => `${k} ${v.join(' ')}`).join('; ');
  return (_req, res, next) => {
    res.setHeader('Content-Security-Policy', csp);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('X-Frame-Options', 'DENY');
    // Only over https (PUBLIC_URL): a browser told this over plain http would lock itself out of a local instance.
    if (hsts) res.setHeader('Strict-Transport-Security', 'max-age=15552000');
    next();
  };
}
