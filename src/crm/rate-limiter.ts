import type { RateLimitMetrics } from './crm-metrics';

export interface RateLimit {
  /** Requests allowed per window (HubSpot OAuth apps: 110 per 10 s per installing portal). */
  max: number;
  windowMs: number;
}

export interface RateLimiter {
  /** Resolves when one more request fits in the window (and no 429 pause is in force). */
  acquire(): Promise<void>;
  /** HubSpot answered 429: send nothing until `ms` have passed. */
  pause(ms: number): void;
}

/** A sliding-window limiter: at most `max` requests started in any `windowMs`. */
export function createRateLimiter({ max, windowMs }: RateLimit, now: () => number = Date.now, metrics?: RateLimitMetrics): RateLimiter {
  const started: number[] = [];
  let pausedUntil = 0;
  let chain: Promise<void> = Promise.resolve();
  const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

  async function waitTurn(): Promise<void> {
    // One wait per request and reason, however many timers it took (a timer may fire a millisecond early).
    const waited = { pause: 0, window: 0 };
    for (;;) {
      const t = now();
      while (started.length > 0 && started[0]! <= t - windowMs) started.shift();
      if (t < pausedUntil) {
        const ms = pausedUntil - t;
        waited.pause += ms;
        await sleep(ms);
        continue;
      }
      if (started.length < max) {
        started.push(t);
        for (const reason of ['pause', 'window'] as const) if (waited[reason] > 0) metrics?.rateLimitWait(reason, waited[reason] / 1000);
        return;
      }
      const ms = started[0]! + windowMs - t + 1;
      waited.window += ms;
      await sleep(ms);
    }
  }

  return {
    // Requests queue in order, so a burst cannot starve an earlier caller.
    acquire() {
      const turn = chain.then(waitTurn);
      chain = turn.catch(() => undefined);
      return turn;
    },
    pause(ms) {
      metrics?.rateLimitPause(ms / 1000);
      pausedUntil = Math.max(pausedUntil, now() + ms);
    },
  };
}

/** One limiter per portal (HubSpot's limits are per installing account, not per process). */
export function perPortalLimiters(limit: RateLimit, metrics?: RateLimitMetrics): (portalId: number) => RateLimiter {
  const limiters = new Map<number, RateLimiter>();
  return (portalId) => {
    let limiter = limiters.get(portalId);
    if (!limiter) limiters.set(portalId, (limiter = createRateLimiter(limit, Date.now, metrics)));
    return limiter;
  };
}
