import { z } from 'zod';

/** Switches for tests and benchmarks: how badly the sandbox behaves. `POST /_sandbox/faults` changes them live. */
export const faultsSchema = z.strictObject({
  /** Share of API calls answered 502 (0–1). */
  errorRate: z.number().min(0).max(1).default(0),
  /** Added to every API call, in ms. */
  latencyMs: z.number().int().min(0).max(60_000).default(0),
  /** Share of webhook events delivered a second time, in a later batch (0–1). */
  duplicateRate: z.number().min(0).max(1).default(0),
  /**
   * Share of webhook events never delivered (0–1): dropped before sending and never retried, as when HubSpot
   * gives up on a notification after its retries. Counted in `/_sandbox/stats` (`webhooks.faultDropped`).
   */
  dropRate: z.number().min(0).max(1).default(0),
  /** Shuffle each batch and hold some events back to the next, so they arrive out of order. */
  outOfOrder: z.boolean().default(false),
  /** Requests per window per portal before 429 (HubSpot's limit for the tier: 100 per 10 s). */
  rateLimitPer10s: z.number().int().min(1).default(100),
  /** The rolling window, in ms; HubSpot's is 10 s. Shorter windows let tests see 429s without waiting 10 s. */
  rateLimitWindowMs: z.number().int().min(100).max(60_000).default(10_000),
});
export type Faults = z.infer<typeof faultsSchema>;

/** A rolling-window counter: HubSpot's TEN_SECONDLY_ROLLING policy, and the search API's 5 per second. */
export function createWindowCounter(windowOf: () => number, now: () => number = Date.now) {
  const hits: number[] = [];
  return {
    /** Counts the call if under `max`; otherwise returns ms until a slot frees. */
    take(max: number): { ok: true; remaining: number } | { ok: false; retryAfterMs: number } {
      const t = now();
      const windowMs = windowOf();
      while (hits.length > 0 && hits[0]! <= t - windowMs) hits.shift();
      if (hits.length >= max) return { ok: false, retryAfterMs: hits[0]! + windowMs - t };
      hits.push(t);
      return { ok: true, remaining: max - hits.length };
    },
  };
}
