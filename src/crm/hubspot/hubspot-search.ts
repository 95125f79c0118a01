import { z } from 'zod';
import { describeZodIssues } from '../../config/format-zod-issues';
import type { CrmSearchPort } from '../crm-search-port';
import { CrmError } from '../crm-error';
import type { ObjectSearchPort, SearchRequest as ContactSearchRequest } from '../object-search-port';
import type { HubspotCall } from './hubspot-deals';

/** `POST /crm/v3/objects/{object}/search`: `total` and one page of results. */
const searchPageSchema = z.object({
  total: z.number().int().min(0),
  results: z.array(z.object({ id: z.union([z.string(), z.number()]).transform(String), properties: z.record(z.string(), z.string().nullable()).default({}) })),
});

/**
 * HubSpot's CRM search, one implementation for both ports (reconciliation's `searchObjects`, the backfill's
 * `searchContacts`), sent as JSON through the SDK's generic request: the typed client takes `sorts` as strings, the
 * documented body takes `{propertyName, direction}` objects. The caller's `call` counts it against the search limit.
 * https://developers.hubspot.com/docs/api-reference/latest/crm/search-the-crm
 */
export function hubspotSearch(call: HubspotCall): CrmSearchPort & ObjectSearchPort {
  const post = (portalId: number, object: 'contacts' | 'deals', body: ContactSearchRequest) =>
    call(portalId, `search ${object}`, `POST /crm/v3/objects/${object}/search`, async (client) => {
      const res = await client.apiRequest({ method: 'POST', path: `/crm/v3/objects/${object}/search`, body });
      const text = await res.text();
      if (!res.ok) {
        const headers: Record<string, string> = {};
        res.headers.forEach((v, k) => (headers[k] = v));
        throw Object.assign(new Error(text), { code: res.status, body: text, headers });
      }
      const page = searchPageSchema.safeParse(JSON.parse(text));
      if (!page.success) {
        const why = describeZodIssues(page.error).map((i) => `${i.path || '(answer)'}: ${i.message}`).join('; ');
        throw new CrmError('CRM.VALIDATION', `search ${object}: HubSpot's answer is not a search page (${why})`, false);
      }
      return { total: page.data.total, results: page.data.results.map((r) => ({ id: r.id, properties: { ...r.properties } })) };
    });
  return {
    searchObjects: (portalId, object, request) =>
      post(portalId, object, {
        filterGroups: request.filterGroups,
        sorts: [{ propertyName: request.sortBy, direction: 'ASCENDING' }],
        properties: [...request.properties],
        limit: request.limit,
      }),
    searchContacts: (portalId, request) => post(portalId, 'contacts', request),
  };
}
