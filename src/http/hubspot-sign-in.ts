import { createHmac } from 'node:crypto';
import type { Request, Response } from 'express';
import type { HubspotOAuth } from '../crm/hubspot/hubspot-oauth';
import type { Logger } from '../log/create-logger';
import { signState, verifyState } from '../oauth/oauth-state';
import type { PortalTokens } from '../oauth/portal-tokens';
import { REQUIRED_SCOPES } from '../oauth/scopes';
import type { Store } from '../store/store-port';
import { signInPage, startSession } from './auth-routes';
import type { Sessions } from './sessions';

export interface HubspotSignInDeps {
  oauth: HubspotOAuth;
  tokens: Pick<PortalTokens, 'unseal'>;
  store: Pick<Store, 'rememberNonce' | 'useNonce'>;
  logger: Logger;
  encryptionKey: Buffer;
  redirectUri: string;
  sessions: Sessions;
  secureCookie: boolean;
  now: () => number;
}

/**
 * "Sign in with HubSpot": HubSpot's consent, back to the one registered callback (/oauth/callback) with a `state`
 * signed by a key of its own (so an install state is never taken for a sign-in, nor the reverse); the code is
 * exchanged, the token introspected for the user's portal (hub_id), and the session is scoped to that portal.
 * Only portals where leadloop is installed have a report; the user's token is not kept.
 */
export function createHubspotSignIn(d: HubspotSignInDeps) {
  const stateKey = createHmac('sha256', d.encryptionKey).update('leadloop sign-in state').digest();
  return {
    async start(): Promise<string> {
      const { state, nonce, expiresAt } = signState(stateKey, d.now());
      await d.store.rememberNonce(nonce, expiresAt);
      return d.oauth.authorizeUrl(d.redirectUri, REQUIRED_SCOPES, state);
    },
    /** Whether a callback's `state` is a sign-in's (signed with this key), not an install's. */
    owns(state: string): boolean {
      const check = verifyState(stateKey, state, d.now());
      return check.ok || check.reason === 'expired';
    },
    async complete(req: Request, res: Response): Promise<void> {
      const refuse = (status: number, message: string) => void res.status(status).type('html').send(signInPage(message, true));
      const check = verifyState(stateKey, String(req.query.state ?? ''), d.now());
      if (!check.ok || !(await d.store.useNonce(check.nonce, d.now()))) return refuse(400, 'This sign-in link is expired or was already used: sign in again.');
      const code = typeof req.query.code === 'string' ? req.query.code : '';
      if (!code) return refuse(400, 'HubSpot sent no authorization code: sign in again.');
      let portalId: number;
      try {
        const tokens = await d.oauth.exchangeCode(code, d.redirectUri);
        const info = await d.oauth.introspect(tokens.accessToken);
        portalId = Number(info.hub_id);
        if (info.active !== true || !Number.isSafeInteger(portalId)) throw new Error('the token is not active or names no portal');
      } catch (error) {
        d.logger.warn('hubspot sign-in failed', { error });
        return refuse(502, 'HubSpot did not confirm the sign-in: try again.');
      }
      if (!(await d.tokens.unseal(portalId))) return refuse(403, `leadloop is not installed in portal ${portalId}: install it first (/oauth/install).`);
      startSession(res, d.sessions, { kind: 'portal', portalId }, d.secureCookie);
      d.logger.info('portal user signed in', { portalId });
      res.redirect(303, '/');
    },
  };
}
export type HubspotSignIn = ReturnType<typeof createHubspotSignIn>;
