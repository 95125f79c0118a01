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
export function createRateLimiter({ max, windowMs }: RateLimit, now: () => number = Date.now): RateLimiter {
  const started: number[] = [];
  let pausedUntil = 0;
  let chain: Promise<void> = Promise.resolve();
  const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

  async function waitTurn(): Promise<void> {
    for (;;) {
      const t = now();
      while (started.length > 0 && started[0]! <= t - windowMs) started.shift();
      if (t < pausedUntil) {
        await sleep(pausedUntil - t);
        continue;
      }
      if (started.length < max) {
        started.push(t);
        return;
      }
      await sleep(started[0]! + windowMs - t + 1);
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
      pausedUntil = Math.max(pausedUntil, now() + ms);
    },
  };
}

/** One limiter per portal (HubSpot's limits are per installing account, not per process). */
export function perPortalLimiters(limit: RateLimit): (portalId: number) => RateLimiter {
  const limiters = new Map<number, RateLimiter>();
  return (portalId) => {
    let limiter = limiters.get(portalId);
    if (!limiter) limiters.set(portalId, (limiter = createRateLimiter(limit)));
    return limiter;
  };
}
