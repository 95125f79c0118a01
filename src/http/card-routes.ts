import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import type { SlaTerms } from '../domain/sla-policy';
import { readContactCard, type CardStore } from '../contact-card/read-contact-card';
import type { Logger } from '../log/create-logger';
import { HttpError } from './http-error';
import { signedUriOf } from './signed-uri-of';
import { verifySignature } from './verify-signature';

export interface CardRouteDeps {
  store: CardStore;
  logger: Logger;
  clientSecrets: readonly string[];
  publicUrl?: string;
  terms: SlaTerms;
  /** The portals leadloop serves: the installed ones (OAuth) or the private app's own; none without CRM access. */
  servedPortals?: () => Promise<number[]>;
  /** Re-reads the contact from HubSpot, decides again and writes what changed; absent without CRM access. */
  rescore?: (portalId: number, contactId: string) => Promise<void>;
  /** The portal's HubSpot UI domain, for links to its notes (null: unknown, the card uses app.hubspot.com). */
  uiDomainOf?: (portalId: number) => Promise<string | null>;
  now?: () => number;
}

export const CARD_PATH = '/api/contacts/:contactId/card';

const contactIdSchema = z.string().regex(/^\d{1,20}$/, 'a HubSpot record id (digits)');
const portalIdSchema = z.string().regex(/^\d{1,15}$/, 'a HubSpot account id (digits)');

/**
 * HubSpot appends the account and the user to every `hubspot.fetch` URL (`portalId`, `userId`, `userEmail`,
 * `appId`) and signs the whole URL, so the portal comes from the signature, never from the card. A second
 * `portalId` (one the card added itself) makes the request ambiguous: refused.
 * https://developers.hubspot.com/docs/apps/developer-platform/add-features/ui-extensibility/fetching-data
 */
function signedPortalOf(uri: string): number {
  const values = new URL(uri).searchParams.getAll('portalId');
  if (values.length !== 1) throw new HttpError(400, 'CARD.NO_PORTAL', `portalId: expected exactly one in the signed URL (HubSpot adds it), got ${values.length}`);
  const parsed = portalIdSchema.safeParse(values[0]);
  if (!parsed.success) throw new HttpError(400, 'CARD.NO_PORTAL', `portalId: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return Number(parsed.data);
}

/**
 * The contact card's backend: route → signature (v3 only, the webhooks' verifier) → portal served → contact of
 * that portal only. GET reads the card; POST re-scores the contact first, then answers the fresh card.
 */
export function cardRoutes(deps: CardRouteDeps): Router {
  const { store, logger, clientSecrets, publicUrl, terms, now = Date.now } = deps;
  const router = Router();

  const verified = (req: Request): { portalId: number; contactId: string } => {
    const uri = signedUriOf(req, publicUrl);
    const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const headers = { signatureV3: req.get('x-hubspot-signature-v3'), signature: req.get('x-hubspot-signature'), timestamp: req.get('x-hubspot-request-timestamp') };
    const verdict = verifySignature({ method: req.method, uri, rawBody, headers }, clientSecrets, now(), { acceptLegacy: false });
    if (!verdict.ok) throw new HttpError(401, verdict.code.replace('WEBHOOK.', 'CARD.'), verdict.message);
    const contact = contactIdSchema.safeParse(req.params.contactId);
    if (!contact.success) throw new HttpError(400, 'CARD.BAD_CONTACT_ID', `contactId: ${contact.error.issues[0]?.message ?? 'invalid'}`);
    return { portalId: signedPortalOf(uri), contactId: contact.data };
  };

  const served = async (portalId: number) => {
    const portals = deps.servedPortals ? await deps.servedPortals() : [];
    if (!portals.includes(portalId)) {
      throw new HttpError(403, 'CARD.PORTAL_NOT_CONNECTED', `HubSpot account ${portalId} is not connected to this leadloop: install the app from ${publicUrl ?? 'leadloop'}/oauth/install`);
    }
  };

  const handle = (rescore: boolean) => async (req: Request, res: Response, next: NextFunction) => {
    try {
      const { portalId, contactId } = verified(req);
      await served(portalId);
      if (rescore) {
        if (!deps.rescore) throw new HttpError(409, 'CARD.NO_CRM_ACCESS', 'leadloop has no HubSpot access to re-read this contact (set up OAuth or HUBSPOT_ACCESS_TOKEN)');
        await deps.rescore(portalId, contactId);
        logger.info('contact re-scored from the card', { portalId, contactId, requestId: res.locals.requestId as string });
      }
      const [card, uiDomain] = await Promise.all([readContactCard(store, terms, portalId, contactId, now()), deps.uiDomainOf?.(portalId) ?? null]);
      res.status(200).json(uiDomain ? { ...card, uiDomain } : card);
    } catch (e) {
      if (e instanceof HttpError && e.status < 500) logger.warn('card request refused', { code: e.code, reason: e.message, requestId: res.locals.requestId as string });
      next(e);
    }
  };

  // Raw bytes: the signature covers the body exactly as sent (hubspot.fetch sends the POST's body as JSON).
  const raw = express.raw({ type: () => true, limit: 16 * 1024 });
  router.get(CARD_PATH, raw, handle(false));
  router.post(CARD_PATH, raw, handle(true));
  return router;
}
