import type { SlaConfig } from '../config/sla-schema';
import type { OwnerDirectory } from '../crm/owner-directory';
import type { Logger } from '../log/create-logger';
import type { Store } from '../store/store-port';

/**
 * Who gets an unowned MQL (config/sla.json `routing`): round robin over listed owners or over the portal's
 * active owners (the default), skipping those marked absent; or one default owner. Null when nobody can.
 */
export async function routeOwner(o: { store: Store; owners?: OwnerDirectory; sla: SlaConfig; portalId: number; logger: Logger }): Promise<string | null> {
  const r = o.sla.routing;
  if (r.kind === 'defaultOwner') return r.ownerId;
  let candidates: string[];
  if (r.kind === 'roundRobin') candidates = r.ownerIds;
  else {
    if (!o.owners) return null;
    try {
      candidates = (await o.owners.owners(o.portalId)).filter((w) => !w.archived).map((w) => w.id).sort();
    } catch (error) {
      o.logger.warn('could not list owners to route an MQL; left unowned', { portalId: o.portalId, error });
      return null;
    }
  }
  const absent = new Set(r.absentOwnerIds);
  return o.store.nextRoundRobinOwner(o.portalId, candidates.filter((id) => !absent.has(id)));
}
