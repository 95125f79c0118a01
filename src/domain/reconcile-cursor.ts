/**
 * Where a reconciliation walk stands in HubSpot's search results, sorted by modification time.
 *
 * HubSpot's search answers at most 10,000 results per query and pages past that fail (facts §6), so the walk
 * never pages with `after`: each page is a new query from the last modification time it saw. When a whole page
 * shares one modification time (an import touching thousands of records in one millisecond), moving the time
 * cannot make progress, so that instant is walked by `hs_object_id` instead.
 * https://developers.hubspot.com/docs/api-reference/latest/crm/search-the-crm
 */
export type ReconcileCursor = { since: number } | { at: number; afterId: string };

export interface CursorFilter {
  propertyName: string;
  operator: 'EQ' | 'GT' | 'GTE';
  value: string;
}

/** The query for the page at `cursor`: one filter group and the property to sort ascending on. */
export function pageQuery(cursor: ReconcileCursor, modifiedProperty: string): { filters: CursorFilter[]; sortBy: string } {
  if ('since' in cursor) return { filters: [{ propertyName: modifiedProperty, operator: 'GTE', value: String(cursor.since) }], sortBy: modifiedProperty };
  return {
    filters: [
      { propertyName: modifiedProperty, operator: 'EQ', value: String(cursor.at) },
      { propertyName: 'hs_object_id', operator: 'GT', value: cursor.afterId },
    ],
    sortBy: 'hs_object_id',
  };
}

export interface PageHit {
  id: string;
  modifiedAt: number;
}

/**
 * After a page of `limit` asked at `cursor`: the next cursor, or null when the walk is complete. A short page
 * ends the walk. A full page resumes at its last modification time (records at that instant are read again, as
 * the walk cannot know it saw them all), or, when the whole page is one instant, walks that instant by id.
 */
export function nextCursor(cursor: ReconcileCursor, page: readonly PageHit[], limit: number): ReconcileCursor | null {
  if (!('since' in cursor)) {
    if (page.length < limit) return { since: cursor.at + 1 };
    return { at: cursor.at, afterId: page.at(-1)!.id };
  }
  if (page.length < limit) return null;
  const first = page[0]!.modifiedAt;
  const last = page.at(-1)!.modifiedAt;
  if (first === last) return { at: last, afterId: '0' };
  return { since: last };
}

/** A kept position: every record modified before `watermark` (and at it, up to `afterId`) has been read. */
export interface KeptPosition {
  watermark: number;
  afterId: string | null;
}

/**
 * Where a round starts: inside an instant it stopped in (by id, no overlap needed), or `overlapMs` before the
 * watermark. The overlap re-reads recent records because search lags writes ("a few moments", facts §6) and
 * because clocks differ: a record written just before the watermark may be indexed after the last round read.
 */
export function startCursor(kept: KeptPosition, overlapMs: number): ReconcileCursor {
  if (kept.afterId !== null) return { at: kept.watermark, afterId: kept.afterId };
  return { since: Math.max(0, kept.watermark - overlapMs) };
}

/**
 * The position to keep once the walk stopped at `cursor` (null: complete). A complete walk keeps the newest
 * modification time it saw, never the clock, so records indexed late still lie ahead of it within the overlap.
 */
export function positionAfter(previous: KeptPosition, cursor: ReconcileCursor | null, newestSeen: number): KeptPosition {
  if (cursor === null) return { watermark: Math.max(previous.watermark, newestSeen), afterId: null };
  if ('since' in cursor) return { watermark: Math.max(previous.watermark, cursor.since), afterId: null };
  return { watermark: cursor.at, afterId: cursor.afterId };
}
