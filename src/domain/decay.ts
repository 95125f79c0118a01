const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * How much of an event's points remain after `ageMs`: 1 when new, half after one half-life, never 0 or
 * above 1. An event dated in the future (clock skew) counts as new.
 */
export function decayFactor(ageMs: number, halfLifeDays: number): number {
  if (!(ageMs > 0) || !Number.isFinite(halfLifeDays) || halfLifeDays <= 0) return 1;
  const factor = 0.5 ** (ageMs / (halfLifeDays * DAY_MS));
  // Far in the past the float underflows to 0; keep the bound "never 0" so a very old event is still evidence.
  return factor > Number.MIN_VALUE ? factor : Number.MIN_VALUE;
}

export const daysToMs = (days: number): number => days * DAY_MS;
