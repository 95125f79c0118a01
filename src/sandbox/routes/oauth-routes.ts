import { Router } from 'express';
import type { SandboxAuth } from '../sandbox-auth';
import { route, type SandboxContext } from './route-kit';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const field = (q: Record<string, unknown>, k: string) => (typeof q[k] === 'string' ? (q[k] as string) : undefined);

/** HubSpot's OAuth dialect: the consent page, the date-versioned token endpoints (and v1's), and uninstall. */
export function oauthRoutes(ctx: SandboxContext, auth: SandboxAuth): { publicRoutes: Router; privateRoutes: Router } {
  const publicRoutes = Router();

  publicRoutes.get(['/oauth/authorize', '/oauth/:portalId/authorize'], route((req, res) => {
    const q = req.query as Record<string, unknown>;
    const refusal = auth.consentRefusal(field(q, 'client_id') ?? '', field(q, 'redirect_uri') ?? '');
    if (refusal) {
      // HubSpot shows the error on its own page; it never redirects to an unregistered URL.
      res.status(400).type('html').send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Authorization failed — HubSpot sandbox</title></head><body><main><h1>Authorization failed</h1><p>${esc(refusal.message)}</p></main></body></html>`);
      return;
    }
    const scopes = (field(q, 'scope') ?? '').split(/[ +]/).filter(Boolean);
    const hidden = ['client_id', 'redirect_uri', 'state', 'scope'].map((k) => `<input type="hidden" name="${k}" value="${esc(field(q, k) ?? '')}">`).join('');
    res.type('html').send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Connect an app — HubSpot sandbox</title></head>
<body><main><h1>Connect this app to sandbox portal ${ctx.portal.portalId}</h1>
<p>The app asks for:</p><ul>${scopes.map((s) => `<li><code>${esc(s)}</code></li>`).join('')}</ul>
<form method="post" action="/oauth/authorize">${hidden}<button type="submit">Connect app</button></form></main></body></html>`);
  }));

  publicRoutes.post('/oauth/authorize', route((req, res) => {
    const f = req.body as Record<string, string>;
    const code = auth.authorize(f.client_id ?? '', f.redirect_uri ?? '');
    const to = new URL(f.redirect_uri ?? '');
    to.searchParams.set('code', code);
    if (f.state) to.searchParams.set('state', f.state);
    res.redirect(302, to.toString());
  }));

  publicRoutes.post(['/oauth/2026-03/token', '/oauth/v1/token'], route((req, res) => res.json(auth.token(req.body as Record<string, string>))));
  publicRoutes.post('/oauth/2026-03/token/introspect', route((req, res) => res.json(auth.introspect(req.body as Record<string, string>))));
  publicRoutes.post('/oauth/v2/private-apps/get/access-token-info', route((req, res) => res.json(auth.privateTokenInfo((req.body ?? {}) as Record<string, unknown>))));
  publicRoutes.post('/oauth/2026-03/token/revoke', route((req, res) => {
    auth.revoke(req.body as Record<string, string>);
    res.status(200).json({});
  }));

  const privateRoutes = Router();
  privateRoutes.delete(['/appinstalls/2026-03/external-install', '/appinstalls/v3/external-install'], route((_req, res) => {
    auth.uninstall();
    res.status(204).end();
  }));
  return { publicRoutes, privateRoutes };
}
