/**
 * Each portal's UI domain for the card's links, read once an hour at most (an account's data center does not move).
 * A failed read gives null (the card falls back to app.hubspot.com) and is asked again on the next card.
 */
export function cachedUiDomains(read: (portalId: number) => Promise<string>, now: () => number = Date.now, ttlMs = 3_600_000): (portalId: number) => Promise<string | null> {
  const cache = new Map<number, { until: number; domain: string }>();
  return async (portalId) => {
    const hit = cache.get(portalId);
    if (hit && now() < hit.until) return hit.domain;
    try {
      const domain = await read(portalId);
      cache.set(portalId, { until: now() + ttlMs, domain });
      return domain;
    } catch {
      return null;
    }
  };
}
