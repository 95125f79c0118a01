/** Levenshtein distance (insert, delete, substitute: 1 each). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const cur = [i];
    for (let j = 1; j <= b.length; j += 1) cur.push(Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    prev = cur;
  }
  return prev[b.length]!;
}

const normal = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');
const sortedWords = (s: string) => normal(s).split(' ').sort().join(' ');

/**
 * Distance between two names, whichever is smaller: as typed, or with their words sorted, so a reordered name
 * ("Request a demo" for "Demo request") is as close as a typo.
 */
export function nameDistance(a: string, b: string): number {
  return Math.min(editDistance(normal(a), normal(b)), editDistance(sortedWords(a), sortedWords(b)));
}

/** Up to `max` candidates within half the name's length (at least 2 edits), closest first, ties by name. */
export function closestNames(name: string, candidates: readonly string[], max = 3): string[] {
  const limit = Math.max(2, Math.floor(normal(name).length / 2));
  return candidates
    .map((c) => ({ c, d: nameDistance(name, c) }))
    .filter((x) => x.d <= limit)
    .sort((x, y) => x.d - y.d || x.c.localeCompare(y.c))
    .slice(0, max)
    .map((x) => x.c);
}
