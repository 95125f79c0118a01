import type { RateLimitMetrics } from './crm-metrics';

export interface RateLimit {
  /** Requests allowed per window (HubSpot OAuth apps: 110 per 10 s per installing portal). */
  max: number;
  windowMs: number;
  /**
   * The share of `max` that background work (a backfill) may fill, 0..1 (default 1). Live work (webhooks) always
   * goes first; background requests start only when no live request waits and fewer than `share × max` started in
   * the window, so live traffic keeps the rest for its bursts.
   */
  backgroundShare?: number;
}

/** `live`: webhook-driven work, first in line. `background`: a backfill, which takes what live work leaves. */
export type RatePriority = 'live' | 'background';

export interface RateLimiter {
  /** Resolves when one more request fits in the window (and no 429 pause is in force). */
  acquire(priority?: RatePriority): Promise<void>;
  /** HubSpot answered 429: send nothing until `ms` have passed. */
  pause(ms: number): void;
}

export interface LimiterClock {
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** A sliding-window limiter: at most `max` requests started in any `windowMs`; background work yields to live work. */
export function createRateLimiter(limit: RateLimit, now: () => number = Date.now, metrics?: RateLimitMetrics, sleep: (ms: number) => Promise<void> = (ms) => new Promise<void>((r) => setTimeout(r, ms))): RateLimiter {
  const { max, windowMs } = limit;
  const backgroundMax = Math.max(1, Math.floor(max * Math.min(1, Math.max(0, limit.backgroundShare ?? 1))));
  const started: number[] = [];
  let pausedUntil = 0;
  let liveWaiting = 0;
  const chains: Record<RatePriority, Promise<void>> = { live: Promise.resolve(), background: Promise.resolve() };

  async function waitTurn(priority: RatePriority): Promise<void> {
    // One wait per request and reason, however many timers it took (a timer may fire a millisecond early).
    const waited = { pause: 0, window: 0 };
    const cap = priority === 'live' ? max : backgroundMax;
    for (;;) {
      const t = now();
      while (started.length > 0 && started[0]! <= t - windowMs) started.shift();
      if (t < pausedUntil) {
        const ms = pausedUntil - t;
        waited.pause += ms;
        await sleep(ms);
        continue;
      }
      // A background request never takes a slot a waiting live request could have.
      const yieldToLive = priority === 'background' && liveWaiting > 0;
      if (started.length < cap && !yieldToLive) {
        started.push(t);
        for (const reason of ['pause', 'window'] as const) if (waited[reason] > 0) metrics?.rateLimitWait(reason, waited[reason] / 1000);
        return;
      }
      // Over its cap, wait for the oldest start to leave the window; yielding, look again soon.
      const ms = started.length >= cap ? started[started.length - cap]! + windowMs - t + 1 : Math.max(1, Math.ceil(windowMs / max));
      waited.window += ms;
      await sleep(ms);
    }
  }

  return {
    // Requests of one priority queue in order, so a burst cannot starve an earlier caller.
    acquire(priority = 'live') {
      if (priority === 'live') liveWaiting += 1;
      const turn = chains[priority].then(() => waitTurn(priority)).finally(() => {
        if (priority === 'live') liveWaiting -= 1;
      });
      chains[priority] = turn.catch(() => undefined);
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
