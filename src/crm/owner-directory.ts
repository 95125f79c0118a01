import type { CrmPort, Owner } from './crm-port';

export interface OwnerDirectory {
  /** The portal's owners, archived included, read at most every few minutes. */
  owners(portalId: number): Promise<Owner[]>;
}

/**
 * One cached owners list per portal for everything that needs owners (routing unowned MQLs, names in the
 * report, addresses for email notices): owners change rarely, and each MQL must not cost a call. A failed
 * list is remembered for a minute, so while HubSpot cannot list owners nobody pays the retries over and over.
 */
export function createOwnerDirectory(crm: CrmPort, o: { ttlMs?: number; failedTtlMs?: number; now?: () => number } = {}): OwnerDirectory {
  const ttl = o.ttlMs ?? 5 * 60_000;
  const failedTtl = o.failedTtlMs ?? 60_000;
  const now = o.now ?? Date.now;
  const cache = new Map<number, { until: number; list: Promise<Owner[]> }>();
  return {
    owners(portalId) {
      const hit = cache.get(portalId);
      if (hit && now() < hit.until) return hit.list;
      const list = crm.listOwners(portalId);
      const entry = { until: now() + ttl, list };
      cache.set(portalId, entry);
      list.catch(() => (entry.until = now() + failedTtl));
      return list;
    },
  };
}
