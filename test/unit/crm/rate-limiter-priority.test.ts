import { createRateLimiter } from '../../../src/crm/rate-limiter';

/** A hand-driven clock: sleeping advances it, so no wall clock and no timers. */
function manualClock() {
  let t = 0;
  return { now: () => t, sleep: async (ms: number) => void (t += ms) };
}

test('background work takes at most its share of the window and leaves the rest to live work', async () => {
  const clock = manualClock();
  const limiter = createRateLimiter({ max: 10, windowMs: 1_000, backgroundShare: 0.8 }, clock.now, undefined, clock.sleep);
  for (let i = 0; i < 8; i++) await limiter.acquire('background');
  expect(clock.now()).toBe(0);
  // A live burst still finds its two slots at once.
  await limiter.acquire('live');
  await limiter.acquire('live');
  expect(clock.now()).toBe(0);
  // A ninth background request waits for the window to move on, even with a slot free: the reserve is live work's.
  const again = createRateLimiter({ max: 10, windowMs: 1_000, backgroundShare: 0.8 }, clock.now, undefined, clock.sleep);
  for (let i = 0; i < 8; i++) await again.acquire('background');
  const before = clock.now();
  await again.acquire('background');
  expect(clock.now() - before).toBeGreaterThanOrEqual(1_000);
});

test('a waiting live request goes before background requests queued earlier', async () => {
  const clock = manualClock();
  const limiter = createRateLimiter({ max: 2, windowMs: 1_000, backgroundShare: 1 }, clock.now, undefined, clock.sleep);
  await limiter.acquire('background');
  await limiter.acquire('background');
  const order: string[] = [];
  const bg = limiter.acquire('background').then(() => order.push(`bg@${clock.now()}`));
  const live = limiter.acquire('live').then(() => order.push(`live@${clock.now()}`));
  await Promise.all([bg, live]);
  expect(order[0]).toMatch(/^live@/);
});
