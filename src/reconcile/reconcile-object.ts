import type { CrmSearchPort } from '../crm/crm-search-port';
import { parseHubspotTime } from '../domain/hubspot-time';
import { nextCursor, pageQuery, positionAfter, startCursor, type KeptPosition, type ReconcileCursor } from '../domain/reconcile-cursor';
import type { ReconciledObject } from '../store/reconcile-store-port';

/** HubSpot's largest search page (facts §6). */
export const SEARCH_PAGE = 200;

/**
 * The modification-time property of each object type: contacts have `lastmodifieddate`, deals (and other
 * objects) `hs_lastmodifieddate`. https://knowledge.hubspot.com/properties/hubspots-default-deal-properties
 */
export const MODIFIED_PROPERTY: Record<ReconciledObject, string> = { contacts: 'lastmodifieddate', deals: 'hs_lastmodifieddate' };

export interface WalkedRecord {
  id: string;
  modifiedAt: number;
  properties: Record<string, string | null>;
}

export interface WalkResult {
  position: KeptPosition;
  /** False when the round stopped at its page limit; the next round goes on from `position`. */
  complete: boolean;
  searches: number;
}

/**
 * Walks the records of one object type modified since `kept`, page by page (at most `maxPages`), handing each
 * page to `onPage` before moving on, so a crash mid-walk loses no more than the page in hand.
 */
export async function walkModified(
  crm: CrmSearchPort,
  portalId: number,
  object: ReconciledObject,
  o: { kept: KeptPosition; overlapMs: number; maxPages: number; properties: readonly string[]; pageSize?: number },
  onPage: (records: WalkedRecord[]) => Promise<void>,
): Promise<WalkResult> {
  const modified = MODIFIED_PROPERTY[object];
  const limit = o.pageSize ?? SEARCH_PAGE;
  let cursor: ReconcileCursor | null = startCursor(o.kept, o.overlapMs);
  let newest = o.kept.watermark;
  let searches = 0;
  while (cursor !== null && searches < o.maxPages) {
    const q = pageQuery(cursor, modified);
    const page = await crm.searchObjects(portalId, object, { filterGroups: [{ filters: q.filters }], sortBy: q.sortBy, properties: [...new Set([...o.properties, modified])], limit });
    searches += 1;
    const records = page.results.map((r) => ({ id: r.id, modifiedAt: parseHubspotTime(r.properties[modified]) ?? 0, properties: r.properties }));
    await onPage(records);
    for (const r of records) newest = Math.max(newest, r.modifiedAt);
    cursor = nextCursor(cursor, records, limit);
  }
  return { position: positionAfter(o.kept, cursor, newest), complete: cursor === null, searches };
}
