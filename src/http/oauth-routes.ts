import { createHmac } from 'node:crypto';
import { Router } from 'express';
import type { HubspotOAuth } from '../crm/hubspot/hubspot-oauth';
import type { Logger } from '../log/create-logger';
import { signState, verifyState } from '../oauth/oauth-state';
import type { PortalTokens } from '../oauth/portal-tokens';
import { REQUIRED_SCOPES } from '../oauth/scopes';
import type { Store } from '../store/store-port';
import type { HubspotSignIn } from './hubspot-sign-in';
import { escapeHtml } from './escape-html';

export interface OAuthRouteDeps {
  oauth: HubspotOAuth;
  tokens: PortalTokens;
  store: Store;
  logger: Logger;
  encryptionKey: Buffer;
  /** The one redirect URI sent to HubSpot (registered for the app; see oauth/redirect-urls.ts). */
  redirectUri: string;
  /** Runs leadloop's property setup in the new portal. */
  setupPortal: (portalId: number) => Promise<void>;
  /** After an install: scores the portal's existing contacts in the background (auto-backfill.ts). */
  onInstalled?: (portalId: number) => void;
  now?: () => number;
}

/** The install pages' look: a stylesheet of leadloop's own, since the CSP (style-src 'self') blocks inline styles. */
export const OAUTH_CSS = 'body { font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.5; }\ncode { font-size: 0.95em; }\n';
const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><meta name="viewport" content="width=device-width,initial-scale=1"><link rel="stylesheet" href="/oauth/oauth.css"></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;

/** GET /oauth/install → HubSpot's consent page; GET /oauth/callback ← HubSpot with the code. */
export function oauthRoutes(d: OAuthRouteDeps, signIn?: Pick<HubspotSignIn, 'owns' | 'complete'>): Router {
  const now = d.now ?? Date.now;
  // A key of its own for state signatures, derived so one secret does not serve two purposes.
  const stateKey = createHmac('sha256', d.encryptionKey).update('leadloop oauth state').digest();
  const router = Router();

  router.get('/oauth/oauth.css', (_req, res) => {
    res.type('text/css').set('Cache-Control', 'public, max-age=3600').send(OAUTH_CSS);
  });

  router.get('/oauth/install', async (_req, res) => {
    const { state, nonce, expiresAt } = signState(stateKey, now());
    await d.store.rememberNonce(nonce, expiresAt);
    res.redirect(302, d.oauth.authorizeUrl(d.redirectUri, REQUIRED_SCOPES, state));
  });

  router.get('/oauth/callback', async (req, res) => {
    const code = typeof req.query.code === 'string' ? req.query.code : '';
    const state = typeof req.query.state === 'string' ? req.query.state : '';
    // The one registered redirect URL serves installs and "Sign in with HubSpot" alike; their states have distinct keys.
    if (signIn?.owns(state)) return signIn.complete(req, res);
    const check = verifyState(stateKey, state, now());
    if (!check.ok || !(await d.store.useNonce(check.nonce, now()))) {
      const reason = check.ok ? 'already used' : check.reason;
      d.logger.warn('oauth callback refused', { reason });
      res.status(400).send(page('Install link not valid', `<p>This install link is ${escapeHtml(reason)}. Start again from <a href="/oauth/install">/oauth/install</a>.</p>`));
      return;
    }
    if (!code) {
      res.status(400).send(page('Install not completed', '<p>HubSpot sent no authorization code. Start again from <a href="/oauth/install">/oauth/install</a>.</p>'));
      return;
    }
    try {
      const tokens = await d.oauth.exchangeCode(code, d.redirectUri);
      if (tokens.hubId === undefined) throw new Error('HubSpot did not say which portal (hub_id) was installed');
      await d.tokens.save(tokens.hubId, tokens, now());
      let setup = 'leadloop created its property group and contact properties in your portal.';
      try {
        await d.setupPortal(tokens.hubId);
      } catch (error) {
        d.logger.error('property setup failed after install', { portalId: tokens.hubId, error });
        setup = 'leadloop could not create its properties yet; it will need them before writing scores (run <code>leadloop crm setup</code>).';
      }
      d.logger.info('portal installed', { portalId: tokens.hubId, scopes: tokens.scopes });
      d.onInstalled?.(tokens.hubId);
      res.send(
        page(
          'leadloop is installed',
          `<p>Portal ${tokens.hubId} is connected. ${setup}</p><p>What happens next: HubSpot now sends leadloop your contacts' changes. Each contact is scored, placed in the qualification matrix, and moved forward in its lifecycle with a note explaining why; MQLs start the follow-up SLA.</p>`,
        ),
      );
    } catch (error) {
      d.logger.error('oauth code exchange failed', { error });
      res.status(502).send(page('Install not completed', '<p>HubSpot did not accept the authorization. Start again from <a href="/oauth/install">/oauth/install</a>.</p>'));
    }
  });
  return router;
}
