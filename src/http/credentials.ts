import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { HttpError } from './http-error';
import { cookieValue, SESSION_COOKIE, type Reader, type Sessions } from './sessions';
import type { SignInLimiter } from './sign-in-limiter';

const digest = (s: string) => createHash('sha256').update(s).digest();

export interface CredentialDeps {
  adminToken: string;
  sessions: Sessions;
  limiter: SignInLimiter;
  /** /metrics is served on a port of its own: not here. */
  metricsElsewhere: boolean;
}

/** The token presented by a script: `Authorization: Bearer <token>`, or the password of Basic auth. */
function presentedToken(req: Request): string | undefined {
  const header = req.headers.authorization ?? '';
  const basic = /^Basic\s+(\S+)$/i.exec(header);
  if (basic) return Buffer.from(basic[1]!, 'base64').toString('utf8').replace(/^[^:]*:/, '');
  return /^Bearer\s+(\S+)$/i.exec(header)?.[1];
}

export function createCredentials(d: CredentialDeps) {
  const expected = digest(d.adminToken);
  // Compared as digests: equal length, constant time, and the token's length is not told either.
  const isAdminToken = (given: string) => timingSafeEqual(digest(given), expected);

  /** Counts a failure, or refuses at once (429 with Retry-After) while the client is over its limit. */
  const refuseIfLimited = (req: Request, res: Response): HttpError | null => {
    const wait = d.limiter.retryAfterSeconds(req.ip ?? '');
    if (wait === null) return null;
    res.setHeader('Retry-After', String(wait));
    return new HttpError(429, 'AUTH.TOO_MANY_FAILURES', `too many failed sign-ins from this address: try again in ${wait} s`);
  };

  /** The reader behind a request: a valid token, else a valid session cookie; null when neither. */
  const readerOf = (req: Request, res: Response): Reader | HttpError | null => {
    const token = presentedToken(req);
    if (token !== undefined) {
      const limited = refuseIfLimited(req, res);
      if (limited) return limited;
      if (isAdminToken(token)) return { kind: 'admin' };
      d.limiter.fail(req.ip ?? '');
      return null;
    }
    return d.sessions.read(cookieValue(req.headers.cookie, SESSION_COOKIE));
  };

  const unauthorized = (res: Response, what: string) => {
    res.setHeader('WWW-Authenticate', 'Bearer realm="leadloop"');
    return new HttpError(401, 'AUTH.REQUIRED', `${what} needs credentials: Authorization: Bearer <admin token>, or sign in at /login`);
  };

  const reader: RequestHandler = (req, res, next) => {
    const who = readerOf(req, res);
    if (who instanceof HttpError) return next(who);
    if (!who) return next(unauthorized(res, 'the report'));
    res.locals.reader = who;
    next();
  };

  const metrics: RequestHandler = (req, res, next) => {
    if (d.metricsElsewhere) return next(new HttpError(404, 'HTTP.NOT_FOUND', '/metrics is served on LEADLOOP_METRICS_PORT'));
    const who = readerOf(req, res);
    if (who instanceof HttpError) return next(who);
    if (who?.kind === 'admin') return next();
    next(who ? new HttpError(403, 'AUTH.FORBIDDEN', '/metrics is for the operator (the admin token), not portal users') : unauthorized(res, '/metrics'));
  };

  return { reader, metrics, isAdminToken, refuseIfLimited };
}
export type Credentials = ReturnType<typeof createCredentials>;

/** The reader `reader` admitted (routes behind it only). */
export const readerOf = (res: Response): Reader => res.locals.reader as Reader;
