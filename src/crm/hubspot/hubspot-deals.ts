import type { Client } from '@hubspot/api-client';
import type { DealPipeline } from '../../domain/deal-outcome';
import type { CrmPort } from '../crm-port';
import { CrmError } from '../crm-error';

/** How createHubspotCrm makes a call: per-portal limiter, retries, error mapping and metrics. */
export type HubspotCall = <T>(portalId: number, what: string, endpoint: string, fn: (client: Client) => Promise<T>) => Promise<T>;

const probabilityOf = (raw: string | undefined): number | null => {
  const n = raw === undefined || raw === '' ? Number.NaN : Number(raw);
  return Number.isFinite(n) ? n : null;
};

/** The deal reads leadloop needs to know when a deal is won and whose deal it is. */
export function hubspotDealReads(call: HubspotCall): Pick<CrmPort, 'listDealPipelines' | 'readDeal' | 'listDealContacts'> {
  return {
    async listDealPipelines(portalId) {
      const res = await call(portalId, 'list deal pipelines', 'GET /crm/v3/pipelines/deals', (c) => c.crm.pipelines.pipelinesApi.getAll('deals'));
      // Stage metadata values are strings: `isClosed` "true"/"false", `probability` "1.0" for won.
      return res.results.map((p): DealPipeline => ({
        id: p.id,
        stages: p.stages.map((s) => ({ id: s.id, isClosed: String(s.metadata?.isClosed) === 'true', probability: probabilityOf(s.metadata?.probability) })),
      }));
    },

    async readDeal(portalId, dealId, properties) {
      try {
        const deal = await call(portalId, 'read deal', 'GET /crm/v3/objects/deals/{dealId}', (c) => c.crm.deals.basicApi.getById(dealId, [...properties]));
        return { ...deal.properties };
      } catch (e) {
        if (e instanceof CrmError && e.code === 'CRM.NOT_FOUND') return null;
        throw e;
      }
    },

    async listDealContacts(portalId, dealId) {
      const ids: string[] = [];
      let after: string | undefined;
      do {
        const page = await call(portalId, 'read deal contacts', 'GET /crm/v4/objects/deals/{dealId}/associations/contacts', (c) => c.crm.associations.v4.basicApi.getPage('deals', dealId, 'contacts', after, 500));
        ids.push(...page.results.map((r) => String(r.toObjectId)));
        after = page.paging?.next?.after;
      } while (after);
      return ids;
    },
  };
}
