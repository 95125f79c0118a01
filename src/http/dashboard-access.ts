import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { HttpError } from './http-error';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Who may read the report (it names contacts and owners). With LEADLOOP_DASHBOARD_TOKEN set: whoever presents it,
 * as the password of HTTP Basic auth (a browser asks for it) or as a bearer token. Without it: this machine only,
 * so a server whose webhook URL is public does not publish its customers' funnel too.
 */
export function dashboardAccess(token: string | undefined): RequestHandler {
  const expected = token ? digest(token) : null;
  return (req, res, next) => {
    if (!expected) {
      if (LOOPBACK.has(req.socket.remoteAddress ?? '')) return next();
      return next(new HttpError(403, 'DASHBOARD.LOCAL_ONLY', 'the dashboard answers only on this machine: set LEADLOOP_DASHBOARD_TOKEN to open it to others'));
    }
    const header = req.headers.authorization ?? '';
    const basic = /^Basic\s+(\S+)$/i.exec(header);
    const given = basic ? Buffer.from(basic[1]!, 'base64').toString('utf8').replace(/^[^:]*:/, '') : /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    // Compared as digests: equal length, constant time, and the token's length is not told either.
    if (given !== undefined && timingSafeEqual(digest(given), expected)) return next();
    res.setHeader('WWW-Authenticate', 'Basic realm="leadloop dashboard", charset="UTF-8"');
    return next(new HttpError(401, 'DASHBOARD.UNAUTHORIZED', 'the dashboard needs LEADLOOP_DASHBOARD_TOKEN (as the password, any user name)'));
  };
}
