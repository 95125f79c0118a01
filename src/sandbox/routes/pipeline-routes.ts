import { Router } from 'express';
import { HubspotError } from '../hubspot-error';
import { route, type SandboxContext } from './route-kit';

const iso = '2024-06-11T14:00:00.000Z';

/**
 * `GET /crm/v3/pipelines/deals` (and the 2026-03 path): the portal's deal pipelines with each stage's metadata.
 * https://developers.hubspot.com/docs/api-reference/latest/crm/pipelines/guide
 */
export function pipelineRoutes(ctx: SandboxContext): Router {
  const r = Router();
  r.get(['/crm/v3/pipelines/:objectType', '/crm/pipelines/2026-03/:objectType'], route((req, res) => {
    if (req.params.objectType !== 'deals' && req.params.objectType !== '0-3') throw new HubspotError(400, 'VALIDATION_ERROR', `The sandbox has pipelines for deals only, not ${String(req.params.objectType)}`);
    res.json({
      results: ctx.portal.pipelines.map((p) => ({
        id: p.id, label: p.label, displayOrder: p.displayOrder, archived: false, createdAt: iso, updatedAt: iso,
        stages: p.stages.map((s) => ({ ...s, archived: false, createdAt: iso, updatedAt: iso, writePermissions: 'CRM_PERMISSIONS_ENFORCEMENT' })),
      })),
    });
  }));
  return r;
}
