import { createRateLimiter } from '../../../src/crm/rate-limiter';

/** What the limiter reports to /metrics: one wait per request that waited, its reason and its seconds. Fake timers: no wall clock. */
describe("the rate limiter's waits", () => {
  beforeEach(() => jest.useFakeTimers({ now: 0 }));
  afterEach(() => jest.useRealTimers());

  const recorder = () => {
    const waits: Array<[string, number]> = [];
    const pauses: number[] = [];
    return { waits, pauses, metrics: { rateLimitWait: (reason: 'window' | 'pause', seconds: number) => void waits.push([reason, seconds]), rateLimitPause: (s: number) => void pauses.push(s) } };
  };

  it('a full window: only the request that had to wait is counted, with the time it waited', async () => {
    const r = recorder();
    const limiter = createRateLimiter({ max: 2, windowMs: 1000 }, () => jest.now(), r.metrics);
    await limiter.acquire();
    await limiter.acquire();
    expect(r.waits).toEqual([]);
    const third = limiter.acquire();
    await jest.advanceTimersByTimeAsync(2000);
    await third;
    // The oldest request leaves the window 1000 ms after it started; the limiter waits one more millisecond.
    expect(r.waits).toEqual([['window', 1.001]]);
    expect(r.pauses).toEqual([]);
  });

  it("a 429 pause: counted once, and the request it held counts one wait of the whole pause", async () => {
    const r = recorder();
    const limiter = createRateLimiter({ max: 10, windowMs: 1000 }, () => jest.now(), r.metrics);
    await limiter.acquire();
    limiter.pause(2000);
    expect(r.pauses).toEqual([2]);
    const held = [limiter.acquire(), limiter.acquire()];
    await jest.advanceTimersByTimeAsync(3000);
    await Promise.all(held);
    // The first waits the whole pause; the second, queued behind it, finds the pause over.
    expect(r.waits).toEqual([['pause', 2]]);
  });
});
