import { compilePropertyMatch } from '../../../src/domain/match-property';
import type { PropertyMatch } from '../../../src/domain/scoring-rules';

describe('property rule kinds', () => {
  const cases: Array<[PropertyMatch, Array<[string | null | undefined, boolean]>]> = [
    [{ kind: 'equals', value: 'Canada' }, [['Canada', true], [' canada ', true], ['Canadian', false], [null, false]]],
    [{ kind: 'equals', value: 'Canada', caseSensitive: true }, [['Canada', true], ['canada', false]]],
    [{ kind: 'oneOf', values: ['A', 'B'] }, [['a', true], ['B', true], ['C', false], ['', false]]],
    [{ kind: 'contains', value: '@gmail.' }, [['x@GMAIL.com', true], ['x@mail.com', false], [undefined, false]]],
    [{ kind: 'matches', pattern: '^(vp|head) ', flags: 'i' }, [['VP Sales', true], ['Head of Growth', true], ['SVP Sales', false]]],
    [{ kind: 'range', min: 50, max: 5000 }, [['50', true], ['5,000', true], ['5001', false], ['49', false], ['lots', false], ['', false]]],
    [{ kind: 'range', max: 9 }, [['3', true], ['10', false], ['-1', true]]],
    [{ kind: 'known' }, [['x', true], ['', false], ['   ', false], [null, false], [undefined, false]]],
    [{ kind: 'unknown' }, [['x', false], ['', true], [null, true], [undefined, true]]],
  ];
  it.each(cases)('%j', (match, examples) => {
    const matches = compilePropertyMatch(match);
    for (const [value, expected] of examples) expect([value, matches(value)]).toEqual([value, expected]);
  });

  it('a global regex flag cannot make matching depend on the previous call', () => {
    const matches = compilePropertyMatch({ kind: 'matches', pattern: 'vp', flags: 'gi' as string });
    expect([matches('VP'), matches('VP'), matches('VP')]).toEqual([true, true, true]);
  });
});
