import { Router, type Response } from 'express';
import type { Credentials } from './credentials';
import type { HubspotSignIn } from './hubspot-sign-in';
import { SESSION_COOKIE, type Reader, type Sessions } from './sessions';
import type { SignInLimiter } from './sign-in-limiter';
import { escapeHtml } from './escape-html';

export interface AuthRouteDeps {
  credentials: Credentials;
  sessions: Sessions;
  limiter: SignInLimiter;
  /** PUBLIC_URL is https: the cookie is Secure. */
  secureCookie: boolean;
  /** OAuth mode: "Sign in with HubSpot" for portal users. */
  hubspot?: HubspotSignIn;
}

export const signInPage = (message: string, hubspot: boolean) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>leadloop — sign in</title><meta name="viewport" content="width=device-width,initial-scale=1"></head><body>` +
  `<h1>Sign in to leadloop</h1><p>${escapeHtml(message)}</p>` +
  `<form method="get" action="/login"><label for="token">Admin token</label> <input id="token" name="token" type="password" autocomplete="current-password" required> <button type="submit">Sign in</button></form>` +
  `<p>The admin token is LEADLOOP_ADMIN_TOKEN, or the one in the data directory's <code>admin-token</code> file; <code>npm start</code> prints a link that signs in with it.</p>` +
  (hubspot ? '<p><a href="/auth/hubspot">Sign in with HubSpot</a> to see your portal’s report.</p>' : '') +
  `</body></html>`;

/** Sets the session cookie: HttpOnly, SameSite=Strict, Secure over https, expiring with the session. */
export function startSession(res: Response, sessions: Sessions, reader: Reader, secure: boolean): void {
  const { value, maxAgeMs } = sessions.issue(reader);
  res.cookie(SESSION_COOKIE, value, { httpOnly: true, sameSite: 'strict', secure, path: '/', maxAge: maxAgeMs });
}

/** `GET /login?token=…` (the link `npm start` prints, as Jupyter's), `POST /logout`, `GET /auth/hubspot`. */
export function authRoutes(d: AuthRouteDeps): Router {
  const r = Router();
  r.get('/login', (req, res, next) => {
    const token = typeof req.query.token === 'string' ? req.query.token : undefined;
    res.setHeader('Cache-Control', 'no-store');
    if (token === undefined) return void res.type('html').send(signInPage('Sign in with the admin token.', !!d.hubspot));
    const limited = d.credentials.refuseIfLimited(req, res);
    if (limited) return next(limited);
    if (!d.credentials.isAdminToken(token)) {
      d.limiter.fail(req.ip ?? '');
      return void res.status(401).type('html').send(signInPage('That token is not the admin token.', !!d.hubspot));
    }
    d.limiter.succeed(req.ip ?? '');
    startSession(res, d.sessions, { kind: 'admin' }, d.secureCookie);
    // 303 to `/`: the token leaves the address bar (and is not kept as the page's URL in history).
    res.redirect(303, '/');
  });
  r.post('/logout', (_req, res) => {
    res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure: d.secureCookie, path: '/' });
    res.redirect(303, '/login');
  });
  if (d.hubspot) {
    const hubspot = d.hubspot;
    r.get('/auth/hubspot', async (_req, res) => res.redirect(302, await hubspot.start()));
  }
  return r;
}
