import { backoffDelay } from '../../../src/worker/backoff';

describe('backoffDelay', () => {
  it('doubles the window per attempt, with half of it jittered', () => {
    expect(backoffDelay(1, 0)).toBe(500);
    expect(backoffDelay(1, 0.999999)).toBeCloseTo(1000, -1);
    expect(backoffDelay(4, 0)).toBe(4000);
  });

  it('never exceeds the cap, whatever the attempt', () => {
    for (const attempt of [20, 50, 1000]) expect(backoffDelay(attempt, 0.9999, { baseMs: 1000, capMs: 60_000 })).toBeLessThanOrEqual(60_000);
  });
});
