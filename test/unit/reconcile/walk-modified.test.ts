import type { CrmSearchPort, SearchRequest } from '../../../src/crm/crm-search-port';
import { walkModified } from '../../../src/reconcile/reconcile-object';

/** A search over records { id, modifiedAt }, HubSpot's way: filters, one ascending sort, a page. */
function fakeSearch(records: () => Array<{ id: string; modifiedAt: number }>): CrmSearchPort & { calls: SearchRequest[] } {
  const calls: SearchRequest[] = [];
  return {
    calls,
    async searchObjects(_portalId, _object, req) {
      calls.push(req);
      const value = (r: { id: string; modifiedAt: number }, p: string) => (p === 'hs_object_id' ? Number(r.id) : r.modifiedAt);
      const hits = records()
        .filter((r) => req.filterGroups.some((g) => g.filters.every((f) => (f.operator === 'EQ' ? value(r, f.propertyName) === Number(f.value) : f.operator === 'GT' ? value(r, f.propertyName) > Number(f.value) : value(r, f.propertyName) >= Number(f.value)))))
        .sort((a, b) => value(a, req.sortBy) - value(b, req.sortBy));
      return { total: hits.length, results: hits.slice(0, req.limit).map((r) => ({ id: r.id, properties: { lastmodifieddate: new Date(r.modifiedAt).toISOString() } })) };
    },
  };
}

const walk = async (crm: CrmSearchPort, kept: { watermark: number; afterId: string | null }, maxPages = 100, overlapMs = 1000) => {
  const seen: string[] = [];
  const r = await walkModified(crm, 1, 'contacts', { kept, overlapMs, maxPages, properties: [], pageSize: 3 }, async (page) => void seen.push(...page.map((p) => p.id)));
  return { ...r, seen };
};

describe('walkModified', () => {
  it('reads past one instant shared by more records than a page, by id, and resumes a bounded walk where it stopped', async () => {
    const records = [{ id: '1', modifiedAt: 5_000 }, ...Array.from({ length: 7 }, (_, i) => ({ id: String(10 + i), modifiedAt: 9_000 })), { id: '30', modifiedAt: 12_000 }];
    const crm = fakeSearch(() => records);
    const all = await walk(crm, { watermark: 5_000, afterId: null });
    expect(new Set(all.seen)).toEqual(new Set(records.map((r) => r.id)));
    expect(all).toMatchObject({ complete: true, position: { watermark: 12_000, afterId: null } });

    // Two pages per round: every record is read after enough rounds, none is skipped.
    let kept = { watermark: 5_000, afterId: null as string | null };
    const seen = new Set<string>();
    for (let i = 0; i < 10; i++) {
      const r = await walk(crm, kept, 2);
      r.seen.forEach((id) => seen.add(id));
      kept = r.position;
      if (r.complete) break;
    }
    expect(seen).toEqual(new Set(records.map((r) => r.id)));
  });

  it('finds a record HubSpot indexed after the last round though it was modified before the watermark (the overlap)', async () => {
    const records = [{ id: '1', modifiedAt: 10_000 }];
    const crm = fakeSearch(() => records);
    const first = await walk(crm, { watermark: 9_000, afterId: null });
    expect(first.position.watermark).toBe(10_000);
    records.push({ id: '2', modifiedAt: 9_800 }); // written before id 1, visible in search only now
    const second = await walk(crm, first.position);
    expect(second.seen).toContain('2');
  });

  it('costs one search when nothing changed', async () => {
    const crm = fakeSearch(() => [{ id: '1', modifiedAt: 10_000 }]);
    const r = await walk(crm, { watermark: 10_000, afterId: null });
    expect(r.searches).toBe(1);
  });
});
