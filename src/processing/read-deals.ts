import type { CrmPort } from '../crm/crm-port';
import { CrmError } from '../crm/crm-error';
import { stageClosure, stageOutcome, type DealPipeline } from '../domain/deal-outcome';
import { parseHubspotTime } from '../domain/hubspot-time';
import type { DealOutcome } from '../store/revenue-store-port';

export interface DealReader {
  /** Whether `stageId` is a won stage of the portal's pipelines; the deal's own `hs_is_closed_won` when unknown. */
  isWon(portalId: number, dealId: string, stageId: string): Promise<boolean>;
  /** The deal's contacts as HubSpot holds them now (empty when the deal is gone). */
  contactsOf(portalId: number, dealId: string): Promise<string[]>;
  /** Whether `stageId` closes the deal, won or lost; the deal's own `hs_is_closed_won` / `hs_is_closed` when unknown. */
  closure(portalId: number, dealId: string, stageId: string): Promise<'won' | 'lost' | 'open'>;
  /** The closed deal's amounts and close date as HubSpot holds them now; null when the deal is gone. */
  outcomeOf(portalId: number, dealId: string, outcome: 'won' | 'lost', seenAt: number): Promise<DealOutcome | null>;
}

/** What the report needs of a closed deal (HubSpot's default deal properties). */
export const DEAL_MONEY_PROPERTIES = ['amount', 'amount_in_home_currency', 'deal_currency_code', 'closedate', 'hs_is_closed_won'] as const;
const money = (v: string | null | undefined) => (v === null || v === undefined || v.trim() === '' || !Number.isFinite(Number(v)) ? null : Number(v));

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

    async closure(portalId, dealId, stageId) {
      let closure: 'won' | 'lost' | 'open' | 'unknown' = 'unknown';
      try {
        closure = stageClosure(await pipelinesOf(portalId, false), stageId);
        if (closure === 'unknown') closure = stageClosure(await pipelinesOf(portalId, true), stageId);
      } catch {
        // the deal itself still says
      }
      if (closure !== 'unknown') return closure;
      const deal = await crm.readDeal(portalId, dealId, ['hs_is_closed_won', 'hs_is_closed', 'dealstage']);
      return deal?.hs_is_closed_won === 'true' ? 'won' : deal?.hs_is_closed === 'true' ? 'lost' : 'open';
    },

    async outcomeOf(portalId, dealId, outcome, seenAt) {
      const p = await crm.readDeal(portalId, dealId, DEAL_MONEY_PROPERTIES);
      if (!p) return null;
      // closedate is the sales team's close date (it may be set by hand); when absent, the moment leadloop saw it close.
      return { dealId, outcome, amount: money(p.amount), amountHome: money(p.amount_in_home_currency), currency: p.deal_currency_code || null, closedAt: parseHubspotTime(p.closedate) ?? seenAt };
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
