/**
 * Failed sign-ins per client address in a sliding window: after `max` failures within `windowMs`, further
 * attempts are refused until the oldest failure leaves the window. In memory, per process (one leadloop per data
 * directory). Written for this one use; express-rate-limit would replace it if adopted.
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
