import type { SlaConfig } from '../config/sla-schema';
import type { Owner } from '../crm/crm-port';
import type { OwnerDirectory } from '../crm/owner-directory';
import type { Logger } from '../log/create-logger';
import type { Store } from '../store/store-port';

/**
 * Who gets an unowned MQL (config/sla.json `routing`): round robin over listed owners or over the portal's
 * active owners (the default), skipping those marked absent; or one default owner. Null when nobody can.
 */
export async function routeOwner(o: { store: Store; owners?: OwnerDirectory; sla: SlaConfig; portalId: number; logger: Logger; prepared?: PreparedOwners }): Promise<string | null> {
  const r = o.sla.routing;
  if (r.kind === 'defaultOwner') return r.ownerId;
  let candidates: string[];
  if (r.kind === 'roundRobin') candidates = r.ownerIds;
  else {
    if (!o.owners) return null;
    try {
      // Read beforehand when given (prepareOwners): inside a unit of work nothing may wait on HubSpot.
      if (o.prepared && 'error' in o.prepared) throw o.prepared.error;
      const owners = o.prepared ? o.prepared.owners : await o.owners.owners(o.portalId);
      candidates = owners.filter((w) => !w.archived).map((w) => w.id).sort();
    } catch (error) {
      o.logger.warn('could not list owners to route an MQL; left unowned', { portalId: o.portalId, error });
      return null;
    }
  }
  const absent = new Set(r.absentOwnerIds);
  return o.store.nextRoundRobinOwner(o.portalId, candidates.filter((id) => !absent.has(id)));
}

/** The portal's owners as read before a unit of work, or why they could not be. */
export type PreparedOwners = { owners: Owner[] } | { error: unknown };

/**
 * Reads the owners an unowned MQL may be routed over, when the routing needs them: done before the unit of work
 * that routes, and handed to it, so that the unit never reads them itself (the cache may have expired meanwhile).
 */
export async function prepareOwners(o: { owners?: OwnerDirectory; sla: SlaConfig; portalId: number }): Promise<PreparedOwners | undefined> {
  if (o.sla.routing.kind !== 'roundRobinActiveOwners' || !o.owners) return undefined;
  try {
    return { owners: await o.owners.owners(o.portalId) };
  } catch (error) {
    return { error };
  }
}
