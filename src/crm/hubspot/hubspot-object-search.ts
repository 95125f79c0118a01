import { z } from 'zod';
import type { ObjectSearchPort, SearchRequest } from '../object-search-port';

/** `POST /crm/v3/objects/contacts/search`: `total` and one page of results (facts §6). */
const searchPageSchema = z.object({
  total: z.number().int().min(0),
  results: z.array(z.object({ id: z.union([z.string(), z.number()]).transform(String), properties: z.record(z.string(), z.string().nullable()).default({}) })),
});

/** Search sent as HubSpot documents it (sorts as objects), through the search limiter the caller gives. */
export function hubspotObjectSearch(post: (portalId: number, body: SearchRequest) => Promise<unknown>): ObjectSearchPort {
  return {
    async searchContacts(portalId, request) {
      const page = searchPageSchema.parse(await post(portalId, request));
      return { total: page.total, results: page.results.map((r) => ({ id: r.id, properties: { ...r.properties } })) };
    },
  };
}
