import type { CrmPort } from '../crm/crm-port';
import { CrmError } from '../crm/crm-error';
import { stageOutcome, type DealPipeline } from '../domain/deal-outcome';

export interface DealReader {
  /** Whether `stageId` is a won stage of the portal's pipelines; the deal's own `hs_is_closed_won` when unknown. */
  isWon(portalId: number, dealId: string, stageId: string): Promise<boolean>;
  /** The deal's contacts as HubSpot holds them now (empty when the deal is gone). */
  contactsOf(portalId: number, dealId: string): Promise<string[]>;
}

/**
 * Deals as the portal defines them. Pipelines change rarely: they are read once per portal and kept for `ttlMs`,
 * and read again at once when a stage id is not in them (a stage added since). A stage still unknown after that,
 * or pipelines that cannot be read, fall back to the deal's calculated `hs_is_closed_won` (facts §11).
 */
export function createDealReader(crm: Pick<CrmPort, 'listDealPipelines' | 'readDeal' | 'listDealContacts'>, o: { ttlMs?: number; now?: () => number } = {}): DealReader {
  const ttlMs = o.ttlMs ?? 10 * 60_000;
  const now = o.now ?? Date.now;
  const cache = new Map<number, { at: number; pipelines: Promise<DealPipeline[]> }>();

  const pipelinesOf = (portalId: number, fresh: boolean): Promise<DealPipeline[]> => {
    const hit = cache.get(portalId);
    if (hit && !fresh && now() - hit.at < ttlMs) return hit.pipelines;
    const pipelines = crm.listDealPipelines(portalId);
    cache.set(portalId, { at: now(), pipelines });
    pipelines.catch(() => cache.delete(portalId));
    return pipelines;
  };

  async function outcomeOf(portalId: number, stageId: string): Promise<'won' | 'not_won' | 'unknown'> {
    try {
      const outcome = stageOutcome(await pipelinesOf(portalId, false), stageId);
      return outcome === 'unknown' ? stageOutcome(await pipelinesOf(portalId, true), stageId) : outcome;
    } catch {
      return 'unknown'; // the deal itself still says whether it is won
    }
  }

  return {
    async isWon(portalId, dealId, stageId) {
      const outcome = await outcomeOf(portalId, stageId);
      if (outcome !== 'unknown') return outcome === 'won';
      const deal = await crm.readDeal(portalId, dealId, ['hs_is_closed_won', 'dealstage']);
      return deal?.hs_is_closed_won === 'true';
    },

    async contactsOf(portalId, dealId) {
      try {
        return await crm.listDealContacts(portalId, dealId);
      } catch (e) {
        if (e instanceof CrmError && e.code === 'CRM.NOT_FOUND') return [];
        throw e;
      }
    },
  };
}
