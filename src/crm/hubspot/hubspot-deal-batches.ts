import type { ContactDealsPort } from '../contact-deals-port';
import type { HubspotCall } from './hubspot-deals';

const chunks = <T>(list: readonly T[], size: number): T[][] => Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));

/**
 * Deals for many contacts in few calls: associations v4 batch read (1,000 inputs a call; a contact with no deal
 * is an error of a 207, not a failure), then the deals by batch read (100 a call).
 * https://developers.hubspot.com/docs/api/crm/associations
 */
export function hubspotDealBatches(call: HubspotCall): ContactDealsPort {
  return {
    async readContactsDeals(portalId, contactIds) {
      const out = new Map<string, string[]>();
      for (const ids of chunks(contactIds, 1000)) {
        const res = await call(portalId, 'read contacts deals', 'POST /crm/v4/associations/contacts/deals/batch/read', (c) =>
          c.crm.associations.v4.batchApi.getPage('contacts', 'deals', { inputs: ids.map((id) => ({ id })) }),
        );
        for (const r of res.results) out.set(String(r._from.id), [...(out.get(String(r._from.id)) ?? []), ...r.to.map((t) => String(t.toObjectId))]);
      }
      return out;
    },

    async readDeals(portalId, dealIds, properties) {
      const out = new Map<string, Record<string, string | null>>();
      for (const ids of chunks(dealIds, 100)) {
        const res = await call(portalId, 'read deals', 'POST /crm/v3/objects/deals/batch/read', (c) =>
          c.crm.deals.batchApi.read({ inputs: ids.map((id) => ({ id })), properties: [...properties], propertiesWithHistory: [] }),
        );
        for (const d of res.results) out.set(d.id, { ...d.properties });
      }
      return out;
    },
  };
}
