import { compileKeywords } from './match-keywords';
import type { PropertyMatch } from './scoring-rules';
import { parseSizeBucket } from './size-bucket';

export type PropertyMatcher = (value: string | null | undefined) => boolean;

const isKnown = (v: string | null | undefined): v is string => v !== undefined && v !== null && v.trim() !== '';

/** Compiles a property condition once (regexes included), so scoring a contact only runs predicates. */
export function compilePropertyMatch(match: PropertyMatch): PropertyMatcher {
  switch (match.kind) {
    case 'known':
      return isKnown;
    case 'unknown':
      return (v) => !isKnown(v);
    case 'equals': {
      const want = match.caseSensitive ? match.value : match.value.toLowerCase();
      return (v) => isKnown(v) && (match.caseSensitive ? v.trim() : v.trim().toLowerCase()) === want;
    }
    case 'oneOf': {
      const set = new Set(match.values.map((x) => (match.caseSensitive ? x : x.toLowerCase())));
      return (v) => isKnown(v) && set.has(match.caseSensitive ? v.trim() : v.trim().toLowerCase());
    }
    case 'contains': {
      const want = match.caseSensitive ? match.value : match.value.toLowerCase();
      return (v) => isKnown(v) && (match.caseSensitive ? v : v.toLowerCase()).includes(want);
    }
    case 'matches': {
      const re = new RegExp(match.pattern, (match.flags ?? '').replace(/[gy]/g, ''));
      return (v) => isKnown(v) && re.test(v);
    }
    case 'range': {
      const { min = -Infinity, max = Infinity } = match;
      return (v) => {
        if (!isKnown(v)) return false;
        const n = Number(v.replace(/[, _]/g, ''));
        return Number.isFinite(n) && n >= min && n <= max;
      };
    }
    case 'bucket': {
      const { min = -Infinity, max = Infinity } = match;
      return (v) => {
        const span = isKnown(v) ? parseSizeBucket(v) : undefined;
        return span !== undefined && span.low >= min && span.high <= max;
      };
    }
    case 'keywords': {
      const test = compileKeywords(match.values, match.wholeWord ?? true);
      return (v) => isKnown(v) && test(v);
    }
  }
}
