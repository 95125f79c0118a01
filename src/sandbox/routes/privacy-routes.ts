import { Router } from 'express';
import { z } from 'zod';
import { HubspotError } from '../hubspot-error';
import { actorOf, parseBody, route, type SandboxContext } from './route-kit';

/**
 * `POST /crm/v3/objects/contacts/gdpr-delete`: permanently deletes a contact, which HubSpot announces as
 * `contact.privacyDeletion` (a `hubEvents` subscription on current platforms) and `contact.deletion`.
 * https://developers.hubspot.com/docs/api-reference/latest/crm/objects/contacts/guide
 */
export function privacyRoutes(ctx: SandboxContext): Router {
  const r = Router();
  r.post(['/crm/v3/objects/contacts/gdpr-delete', '/crm/objects/2026-03/contacts/gdpr-delete'], route((req, res) => {
    const b = parseBody(z.object({ objectId: z.coerce.string(), idProperty: z.string().optional() }), req.body);
    const contact = b.idProperty === 'email' ? ctx.portal.contactByEmail(b.objectId) : ctx.portal.table('contacts').get(b.objectId);
    if (!contact) throw new HubspotError(404, 'OBJECT_NOT_FOUND', 'resource not found');
    ctx.portal.gdprDeleteContact(contact.id, actorOf(res, ctx));
    res.status(204).end();
  }));
  return r;
}
