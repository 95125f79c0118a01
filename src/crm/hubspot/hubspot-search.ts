import type { CrmSearchPort } from '../crm-search-port';
import { CrmError } from '../crm-error';
import type { HubspotCall } from './hubspot-deals';

interface SearchAnswer {
  total: number;
  results: Array<{ id: string; properties: Record<string, string | null> }>;
}

/**
 * `POST /crm/v3/objects/{object}/search`, sent as JSON through the SDK's generic request: the typed client takes
 * `sorts` as strings, the documented body takes `{propertyName, direction}` objects.
 * https://developers.hubspot.com/docs/api-reference/latest/crm/search-the-crm
 */
export function hubspotSearch(call: HubspotCall): CrmSearchPort {
  return {
    async searchObjects(portalId, object, request) {
      const body = {
        filterGroups: request.filterGroups,
        sorts: [{ propertyName: request.sortBy, direction: 'ASCENDING' }],
        properties: [...request.properties],
        limit: request.limit,
      };
      return call(portalId, `search ${object}`, `POST /crm/v3/objects/${object}/search`, async (client) => {
        const res = await client.apiRequest({ method: 'POST', path: `/crm/v3/objects/${object}/search`, body });
        const text = await res.text();
        if (!res.ok) {
          const headers: Record<string, string> = {};
          res.headers.forEach((v, k) => (headers[k] = v));
          throw Object.assign(new Error(text), { code: res.status, body: text, headers });
        }
        const answer = JSON.parse(text) as Partial<SearchAnswer>;
        if (!Array.isArray(answer.results)) throw new CrmError('CRM.VALIDATION', `search ${object}: HubSpot's answer has no results`, false);
        return { total: answer.total ?? answer.results.length, results: answer.results.map((r) => ({ id: String(r.id), properties: { ...r.properties } })) };
      });
    },
  };
}
