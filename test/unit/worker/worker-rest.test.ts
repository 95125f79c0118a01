import { MAX_INTAKE_REST_MS, restAfterRound } from '../../../src/worker/event-worker';

describe('the worker\'s rest after a busy round', () => {
  it('is bounded: a round slowed by HubSpot (3 requests/10 s, 502s) does not buy minutes of idleness', () => {
    // The fault test: a 105 s round (waits in the rate limiter and retries, not CPU) was followed by 210 s of rest,
    // with due work and expired leases waiting and /readyz saying ok.
    expect(restAfterRound(105_000)).toBeLessThanOrEqual(MAX_INTAKE_REST_MS);
    expect(MAX_INTAKE_REST_MS).toBeLessThanOrEqual(1000);
  });

  it('still leaves the intake twice a short CPU-bound round', () => {
    expect(restAfterRound(40)).toBe(80);
  });
});
