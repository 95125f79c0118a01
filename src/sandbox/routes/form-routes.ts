import { Router } from 'express';
import { z } from 'zod';
import { HubspotError } from '../hubspot-error';
import { submitForm } from '../submit-form';
import { parseBody, route, type SandboxContext } from './route-kit';

const submissionSchema = z.object({
  fields: z.array(z.object({ name: z.string().min(1), value: z.coerce.string(), objectTypeId: z.string().optional() })).min(1),
  submittedAt: z.coerce.number().int().positive().optional(),
  context: z.object({ pageUri: z.string().optional(), pageName: z.string().optional(), hutk: z.string().optional() }).partial().optional(),
});

/** Forms: the authenticated list and submissions read, and the public submission endpoint. */
export function formRoutes(ctx: SandboxContext): { publicRoutes: Router; privateRoutes: Router } {
  const { portal } = ctx;
  const publicRoutes = Router();
  publicRoutes.post('/submissions/v3/integration/submit/:portalId/:formGuid', route((req, res) => {
    if (Number(req.params.portalId) !== portal.portalId) throw new HubspotError(404, 'OBJECT_NOT_FOUND', `portal ${String(req.params.portalId)} not found`);
    const b = parseBody(submissionSchema, req.body);
    submitForm(portal, String(req.params.formGuid), { fields: b.fields, ...(b.submittedAt ? { submittedAt: b.submittedAt } : {}), ...(b.context?.pageUri ? { pageUri: b.context.pageUri } : {}), ...(b.context?.pageName ? { pageName: b.context.pageName } : {}) });
    res.json({ inlineMessage: 'Thanks for submitting the form.' });
  }));

  const privateRoutes = Router();
  privateRoutes.get(['/marketing/v3/forms', '/marketing/v3/forms/'], route((_req, res) => {
    res.json({ results: portal.forms.map((f) => ({ id: f.id, name: f.name, formType: 'hubspot', archived: false, createdAt: '2026-01-05T09:00:00.000Z', updatedAt: '2026-01-05T09:00:00.000Z' })) });
  }));
  privateRoutes.get('/form-integrations/v1/submissions/forms/:guid', route((req, res) => {
    const guid = String(req.params.guid);
    if (!portal.forms.some((f) => f.id === guid)) throw new HubspotError(404, 'OBJECT_NOT_FOUND', `form ${guid} not found`);
    const limit = Math.min(50, Math.max(1, Number(req.query.limit ?? 20) || 20));
    const offset = req.query.after ? Number(Buffer.from(String(req.query.after), 'base64url').toString()) || 0 : 0;
    const newestFirst = [...(portal.submissions.get(guid) ?? [])].reverse();
    const page = newestFirst.slice(offset, offset + limit);
    const next = offset + limit < newestFirst.length ? Buffer.from(String(offset + limit)).toString('base64url') : undefined;
    res.json({ results: page, ...(next ? { paging: { next: { after: next, link: `?after=${next}` } } } : {}) });
  }));
  return { publicRoutes, privateRoutes };
}
