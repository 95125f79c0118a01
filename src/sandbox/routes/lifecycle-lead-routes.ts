import { Router, type NextFunction, type Request, type Response } from 'express';
import { HubspotError } from '../hubspot-error';
import { LEAD_PIPELINE } from '../sandbox-leads';
import { lifecycleOrder } from '../sandbox-lifecycle';
import { route, type SandboxContext } from './route-kit';

const stamp = '2026-01-05T09:00:00.000Z';
const stageJson = (id: string, label: string, displayOrder: number) => ({ id, label, displayOrder, metadata: {}, archived: false, createdAt: stamp, updatedAt: stamp, writePermissions: 'CRM_PERMISSIONS_ENFORCEMENT' });

/**
 * The lifecycle stage pipeline and the Leads object's pipeline, through the Pipelines API
 * (https://developers.hubspot.com/docs/api-reference/latest/crm/pipelines/guide: `GET /crm/v3/pipelines/{objectType}`
 * answers `{results: [{id, label, displayOrder, stages: [{id, label, displayOrder, metadata}]}]}`). Unverified: the
 * lifecycle pipeline's id `contacts-lifecycle-pipeline` and that it lists the stages in the `lifecyclestage` options'
 * order. Also the gate for a portal without the Leads object, and the Leads API's create rules.
 */
export function lifecycleLeadRoutes(ctx: SandboxContext): Router {
  const r = Router();
  const { portal } = ctx;

  r.get(['/crm/v3/pipelines/contacts', '/crm/pipelines/2026-03/contacts', '/crm/v3/pipelines/0-1', '/crm/pipelines/2026-03/0-1'], route((_req, res) => {
    const labels = new Map((portal.properties.get('lifecyclestage')?.options ?? []).map((o) => [o.value, o.label]));
    const stages = lifecycleOrder(portal).map((id, i) => stageJson(id, labels.get(id) ?? id, i));
    res.json({ results: [{ id: 'contacts-lifecycle-pipeline', label: 'Lifecycle Stage Pipeline', displayOrder: 0, archived: false, createdAt: stamp, updatedAt: stamp, stages }] });
  }));

  // Without Sales Hub Pro the Leads object is not there (the exact answer of a real portal is unverified).
  const leadsPath = /^\/crm\/(v3|v4|objects\/2026-03|pipelines\/2026-03|properties\/2026-03)\/(objects\/|pipelines\/|properties\/)?(leads|0-136)\b|\/associations\/(leads|0-136)\b/;
  r.use((req: Request, _res: Response, next: NextFunction) => {
    if (!portal.leadsObject && leadsPath.test(req.path)) return next(new HubspotError(403, 'MISSING_SCOPES', 'This portal does not have access to the leads object (Sales Hub Professional or Enterprise)'));
    // The Leads API's own object type id works as a path segment as its name does.
    if (req.path.includes('/0-136')) req.url = req.url.replace(/\/0-136\b/g, '/leads');
    next();
  });

  r.get(['/crm/v3/pipelines/leads', '/crm/pipelines/2026-03/leads'], route((_req, res) => {
    res.json({ results: [{ id: LEAD_PIPELINE.id, label: LEAD_PIPELINE.label, displayOrder: 0, archived: false, createdAt: stamp, updatedAt: stamp, stages: LEAD_PIPELINE.stages.map((s, i) => stageJson(s.id, s.label, i)) }] });
  }));

  // A lead must have a name and be associated with an existing contact (HubSpot's Leads guide).
  r.post(['/crm/v3/objects/leads', '/crm/objects/2026-03/leads'], (req: Request, _res: Response, next: NextFunction) => {
    const body = (req.body ?? {}) as { properties?: Record<string, unknown>; associations?: unknown[] };
    if (!body.properties?.hs_lead_name) return next(new HubspotError(400, 'VALIDATION_ERROR', 'Property values were not valid: hs_lead_name is required'));
    if (!Array.isArray(body.associations) || body.associations.length === 0) return next(new HubspotError(400, 'VALIDATION_ERROR', 'A lead must be associated with a contact'));
    body.properties.hs_pipeline ??= LEAD_PIPELINE.id;
    body.properties.hs_pipeline_stage ??= LEAD_PIPELINE.stages[0].id;
    body.properties.hs_lead_call_count ??= '0';
    body.properties.hs_lead_email_count ??= '0';
    next();
  });
  return r;
}
