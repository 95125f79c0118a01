import { createHash } from 'node:crypto';

/**
 * Which webhook events the `dropRate` fault drops. With a seed, the draw depends only on the event's identity
 * (subscription, object, property, how many times that triple was sent before): the same events are dropped
 * in every run, however the app's own write-backs interleave with a test's changes. Without one, `random`.
 */
export function createDropDraw(seed: number | undefined, random: () => number) {
  const seen = new Map<string, number>();
  return (e: { subscriptionId: number; objectId?: number; propertyName?: string }): number => {
    if (seed === undefined) return random();
    const key = `${e.subscriptionId}:${e.objectId ?? ''}:${e.propertyName ?? ''}`;
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    return createHash('sha256').update(`${seed}:${key}:${n}`).digest().readUInt32BE(0) / 2 ** 32;
  };
}
