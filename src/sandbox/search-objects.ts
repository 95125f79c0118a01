import { z } from 'zod';
import { HubspotError } from './hubspot-error';
import type { StoredObject } from './sandbox-portal';

const filter = z.object({
  propertyName: z.string(),
  operator: z.enum(['EQ', 'NEQ', 'LT', 'LTE', 'GT', 'GTE', 'BETWEEN', 'IN', 'NOT_IN', 'HAS_PROPERTY', 'NOT_HAS_PROPERTY', 'CONTAINS_TOKEN', 'NOT_CONTAINS_TOKEN']),
  value: z.union([z.string(), z.number()]).optional(),
  highValue: z.union([z.string(), z.number()]).optional(),
  values: z.array(z.union([z.string(), z.number()])).optional(),
});

export const searchRequestSchema = z.object({
  filterGroups: z.array(z.object({ filters: z.array(filter).max(6) })).max(5).default([]),
  sorts: z.array(z.union([z.string(), z.object({ propertyName: z.string(), direction: z.enum(['ASCENDING', 'DESCENDING']).default('ASCENDING') })])).default([]),
  query: z.string().max(3000).optional(),
  properties: z.array(z.string()).default([]),
  limit: z.number().int().min(1).max(200).default(10),
  after: z.union([z.string(), z.number()]).optional(),
});
export type SearchRequest = z.infer<typeof searchRequestSchema>;

/** HubSpot answers at most 10,000 results per query; paging past that is a 400 (facts §6). */
export const SEARCH_RESULT_CAP = 10_000;

function comparable(v: string | number | undefined): number | string {
  if (v === undefined) return '';
  const s = String(v);
  if (/^-?\d+(\.\d+)?$/.test(s)) return Number(s);
  const t = Date.parse(s);
  return /^\d{4}-\d\d-\d\d/.test(s) && Number.isFinite(t) ? t : s.toLowerCase();
}

function matches(o: StoredObject, f: z.infer<typeof filter>): boolean {
  const raw = o.properties[f.propertyName];
  const has = raw !== undefined && raw !== '';
  const a = comparable(raw);
  const b = comparable(f.value);
  switch (f.operator) {
    case 'HAS_PROPERTY': return has;
    case 'NOT_HAS_PROPERTY': return !has;
    case 'EQ': return has && a === b;
    case 'NEQ': return a !== b;
    case 'LT': return has && a < b;
    case 'LTE': return has && a <= b;
    case 'GT': return has && a > b;
    case 'GTE': return has && a >= b;
    case 'BETWEEN': return has && a >= b && a <= comparable(f.highValue);
    case 'IN': return has && (f.values ?? []).some((v) => comparable(v) === a);
    case 'NOT_IN': return !(f.values ?? []).some((v) => comparable(v) === a);
    case 'CONTAINS_TOKEN': return has && String(raw).toLowerCase().includes(String(f.value ?? '').replace(/\*/g, '').toLowerCase());
    case 'NOT_CONTAINS_TOKEN': return !String(raw ?? '').toLowerCase().includes(String(f.value ?? '').replace(/\*/g, '').toLowerCase());
  }
}

/** Filter groups are ORed, filters in a group ANDed; default order is by id, as HubSpot's is by creation. */
export function searchObjects(all: Iterable<StoredObject>, req: SearchRequest): { total: number; page: StoredObject[]; after?: string } {
  let hits = [...all].filter((o) => req.filterGroups.length === 0 || req.filterGroups.some((g) => g.filters.every((f) => matches(o, f))));
  if (req.query) {
    const q = req.query.toLowerCase();
    hits = hits.filter((o) => ['email', 'firstname', 'lastname', 'company', 'phone'].some((p) => (o.properties[p] ?? '').toLowerCase().includes(q)));
  }
  const sorts = req.sorts.map((s) => (typeof s === 'string' ? { propertyName: s.replace(/^-/, ''), direction: s.startsWith('-') ? 'DESCENDING' : 'ASCENDING' } : s));
  hits.sort((x, y) => {
    for (const s of sorts) {
      const a = comparable(x.properties[s.propertyName]);
      const b = comparable(y.properties[s.propertyName]);
      if (a !== b) return (a < b ? -1 : 1) * (s.direction === 'DESCENDING' ? -1 : 1);
    }
    return Number(x.id) - Number(y.id);
  });
  const offset = req.after === undefined ? 0 : Number(req.after);
  if (!Number.isInteger(offset) || offset < 0) throw new HubspotError(400, 'VALIDATION_ERROR', `Invalid after: ${String(req.after)}`);
  if (offset + req.limit > SEARCH_RESULT_CAP && offset >= SEARCH_RESULT_CAP) {
    throw new HubspotError(400, 'VALIDATION_ERROR', `There was a problem with the request. Paging past ${SEARCH_RESULT_CAP} results is not supported.`);
  }
  const end = Math.min(offset + req.limit, hits.length, SEARCH_RESULT_CAP);
  const page = hits.slice(offset, end);
  return { total: hits.length, page, ...(end < Math.min(hits.length, SEARCH_RESULT_CAP) ? { after: String(end) } : {}) };
}
