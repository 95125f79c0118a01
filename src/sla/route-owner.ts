import type { SlaConfig } from '../config/sla-schema';
import type { CrmPort } from '../crm/crm-port';
import type { Logger } from '../log/create-logger';
import type { Store } from '../store/store-port';

/**
 * Who gets an unowned MQL (config/sla.json `routing`): round robin over listed owners or over the portal's
 * active owners (the default), skipping those marked absent; or one default owner. Null when nobody can.
 */
// Owners change rarely: one list per portal every few minutes, not one per MQL.
const OWNERS_TTL_MS = 5 * 60_000;
const FAILED_TTL_MS = 60_000;
const ownersCache = new WeakMap<CrmPort, Map<number, { at: number; ids: Promise<string[]> }>>();
function activeOwners(crm: CrmPort, portalId: number): Promise<string[]> {
  const perCrm = ownersCache.get(crm) ?? new Map<number, { at: number; ids: Promise<string[]> }>();
  ownersCache.set(crm, perCrm);
  const hit = perCrm.get(portalId);
  if (hit && Date.now() - hit.at < OWNERS_TTL_MS) return hit.ids;
  const ids = crm.listOwners(portalId).then((owners) => owners.filter((w) => !w.archived).map((w) => w.id).sort());
  perCrm.set(portalId, { at: Date.now(), ids });
  // A failed list is remembered for a minute: while HubSpot cannot list owners, MQLs wait unowned (logged),
  // they do not each pay the retries.
  ids.catch(() => perCrm.set(portalId, { at: Date.now() - OWNERS_TTL_MS + FAILED_TTL_MS, ids }));
  return ids;
}

export async function routeOwner(o: { store: Store; crm?: CrmPort; sla: SlaConfig; portalId: number; logger: Logger }): Promise<string | null> {
  const r = o.sla.routing;
  if (r.kind === 'defaultOwner') return r.ownerId;
  let candidates: string[];
  if (r.kind === 'roundRobin') candidates = r.ownerIds;
  else {
    if (!o.crm) return null;
    try {
      candidates = await activeOwners(o.crm, o.portalId);
    } catch (error) {
      o.logger.warn('could not list owners to route an MQL; left unowned', { portalId: o.portalId, error });
      return null;
    }
  }
  const absent = new Set(r.absentOwnerIds);
  return o.store.nextRoundRobinOwner(o.portalId, candidates.filter((id) => !absent.has(id)));
}
