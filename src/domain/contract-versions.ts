/**
 * The marketing–sales contract over time: each version has a start, and a period is judged against the version in
 * force at each moment of it. Pure.
 */
export interface ContractTerms {
  monthlyMqlCommitment: number;
  firstTouch: { deadlineHours: number; mode: 'business' | 'calendar' };
  attempts: { minimum: number; withinDays: number };
  calendar: { timeZone: string; workingDays: number[]; hours: { start: string; end: string }; holidays: string[] };
}

export interface ContractVersion {
  id: number;
  /** In force from this instant (epoch ms) until the next version's start. */
  startsAt: number;
  recordedAt: number;
  author: string;
  hash: string;
  terms: ContractTerms;
}

export interface ContractSegment<V> {
  from: number;
  to: number;
  version: V;
}

/**
 * The version in force at `t`: the latest one started at or before it. Before the first version (history older than
 * leadloop's records) the first version is taken, so old months are judged against the earliest known contract.
 */
export function versionInForce<V extends { startsAt: number }>(versions: readonly V[], t: number): V | null {
  const sorted = [...versions].sort((a, b) => a.startsAt - b.startsAt);
  let found: V | null = sorted[0] ?? null;
  for (const v of sorted) if (v.startsAt <= t) found = v;
  return found;
}

/**
 * [from, to) cut where a version starts, each piece with the version in force over it. A version that replaces
 * another at the same instant wins (the later in the list). No versions: one piece with `fallback`.
 */
export function splitByVersions<V extends { startsAt: number }>(from: number, to: number, versions: readonly V[], fallback: V): Array<ContractSegment<V>> {
  if (!(to > from)) return [];
  // Same start: the later in the list (recorded later) replaces the earlier.
  const byStart = new Map<number, V>();
  for (const v of versions) byStart.set(v.startsAt, v);
  const sorted = [...byStart.values()].sort((a, b) => a.startsAt - b.startsAt);
  if (sorted.length === 0) return [{ from, to, version: fallback }];
  const cuts = sorted.filter((v) => v.startsAt > from && v.startsAt < to).map((v) => v.startsAt);
  const bounds = [from, ...cuts, to];
  const segments: Array<ContractSegment<V>> = [];
  for (let i = 0; i < bounds.length - 1; i++) {
    const version = versionInForce(sorted, bounds[i]!)!;
    const last = segments.at(-1);
    // Before the first version the first one judges, so its own start is no change: one piece, not two.
    if (last && last.version === version) last.to = bounds[i + 1]!;
    else segments.push({ from: bounds[i]!, to: bounds[i + 1]!, version });
  }
  return segments;
}

/** The commitment a stretch of time owes: the monthly figure pro rata by days (30 a month, as the report counts). */
export const commitmentFor = (monthly: number, from: number, to: number): number => (monthly * (to - from)) / (30 * 86_400_000);
