/**
 * Failed sign-ins per client address in a sliding window: after `max` failures within `windowMs`, further
 * attempts are refused until the oldest failure leaves the window. In memory, per process (one leadloop per data
 * directory).
 *
 * Why not express-rate-limit (installed, v8): it cannot keep these guarantees on an injected clock. Its
 * MemoryStore reads `Date.now()` and sweeps on a `setInterval`, and even with a custom store its Retry-After is
 * computed from `Date.now()` inside the library (getResetSeconds), so a test moving the clock would read wall-clock
 * seconds. Its window is fixed, not sliding (a burst straddling a boundary gets 2×max tries), and
 * `skipSuccessfulRequests` takes back one hit per success rather than forgiving the client after a real sign-in.
 * A custom Store giving us the clock would be this same sliding window plus the library around it.
 */
export function createSignInLimiter({ max = 10, windowMs = 15 * 60_000, maxClients = 10_000, now = Date.now }: { max?: number; windowMs?: number; maxClients?: number; now?: () => number } = {}) {
  const failures = new Map<string, number[]>();
  const recent = (client: string) => {
    const t = now();
    const kept = (failures.get(client) ?? []).filter((at) => at > t - windowMs);
    if (kept.length === 0) failures.delete(client);
    else failures.set(client, kept);
    return kept;
  };
  return {
    /** Seconds until `client` may try again, or null when it may now. */
    retryAfterSeconds(client: string): number | null {
      const kept = recent(client);
      if (kept.length < max) return null;
      return Math.max(1, Math.ceil((kept[0]! + windowMs - now()) / 1000));
    },
    fail(client: string): void {
      const kept = recent(client);
      kept.push(now());
      failures.delete(client);
      failures.set(client, kept);
      // Bounded: a flood of addresses forgets the oldest first, never grows without limit.
      if (failures.size > maxClients) failures.delete(failures.keys().next().value!);
    },
    succeed(client: string): void {
      failures.delete(client);
    },
  };
}
export type SignInLimiter = ReturnType<typeof createSignInLimiter>;
