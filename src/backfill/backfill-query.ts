import type { SearchRequest } from '../crm/object-search-port';

/** HubSpot's search answers at most 200 results a page (facts §6). */
export const BACKFILL_PAGE_SIZE = 200;

export interface BackfillQuery {
  /** The last contact id done: the next page starts after it. */
  afterId?: string;
  /** Only contacts modified since (epoch ms). */
  since?: number;
  properties: readonly string[];
  pageSize?: number;
}

/**
 * The next page of every contact, by id. One query answers at most 10,000 results and paging past them fails
 * (facts §6), so each page is a new query — `hs_object_id GT <last id>`, sorted by id ascending, no `after` —
 * which never gets past its first page and so never meets the cap, however many contacts the portal holds.
 * https://developers.hubspot.com/docs/api-reference/latest/crm/search-the-crm
 */
export function backfillSearchRequest(q: BackfillQuery): SearchRequest {
  const filters: SearchRequest['filterGroups'][number]['filters'] = [];
  if (q.afterId !== undefined) filters.push({ propertyName: 'hs_object_id', operator: 'GT', value: q.afterId });
  if (q.since !== undefined) filters.push({ propertyName: 'lastmodifieddate', operator: 'GTE', value: String(q.since) });
  return {
    filterGroups: filters.length > 0 ? [{ filters }] : [],
    sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }],
    properties: [...new Set(['hs_object_id', ...q.properties])],
    limit: q.pageSize ?? BACKFILL_PAGE_SIZE,
  };
}
