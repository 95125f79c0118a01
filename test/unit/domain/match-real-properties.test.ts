import { compilePropertyMatch } from '../../../src/domain/match-property';
import type { PropertyMatch } from '../../../src/domain/scoring-rules';

// Values as a real portal holds them (hubspot-facts §11): `numemployees` is one of HubSpot's buckets, contact
// `industry` is whatever people typed. Every expectation below is written by hand.
const BUCKETS = ['1-5', '5-25', '25-50', '50-100', '100-500', '500-1000', '1000+'];

describe('bucket: a size bucket lying wholly within [min, max]', () => {
  const table: Array<[PropertyMatch, string[]]> = [
    [{ kind: 'bucket', min: 100 }, ['100-500', '500-1000', '1000+']],
    [{ kind: 'bucket', min: 50, max: 1000 }, ['50-100', '100-500', '500-1000']],
    [{ kind: 'bucket', max: 25 }, ['1-5', '5-25']],
    [{ kind: 'bucket', min: 1000 }, ['1000+']],
    [{ kind: 'bucket', min: 101 }, ['500-1000', '1000+']],
    [{ kind: 'bucket', max: 5000 }, ['1-5', '5-25', '25-50', '50-100', '100-500', '500-1000']],
  ];
  it.each(table)('%j takes exactly %j of HubSpot’s buckets', (match, expected) => {
    const matches = compilePropertyMatch(match);
    expect(BUCKETS.filter((b) => matches(b))).toEqual(expected);
  });

  const others: Array<[string | null | undefined, boolean]> = [
    ['450', true], // a plain count is a bucket of one
    ['1,200', true],
    ['99', false],
    [' 100 - 500 ', true],
    ['100–500', true], // an en dash, as people type it
    ['2,500+', true],
    ['500-100', false], // not a bucket
    ['lots', false],
    ['', false],
    [null, false],
    [undefined, false],
  ];
  it.each(others)('min 100: %j → %j', (value, expected) => {
    expect(compilePropertyMatch({ kind: 'bucket', min: 100 })(value)).toBe(expected);
  });
});

describe('keywords: free text naming a keyword', () => {
  const software: PropertyMatch = { kind: 'keywords', values: ['software', 'saas', 'financial services'] };
  const table: Array<[PropertyMatch, string | null | undefined, boolean]> = [
    [software, 'Software', true],
    [software, 'Computer Software', true],
    [software, 'B2B SaaS', true],
    [software, 'SOFTWARE DEVELOPMENT', true],
    [software, 'Financial   Services & Banking', true],
    [software, 'financial advice', false],
    [software, 'Softwarehouse', false], // whole words by default
    [software, 'Retail', false],
    [software, 'COMPUTER_SOFTWARE', true], // "_" separates words: a company-style value copied in still reads
    [software, '', false],
    [software, null, false],
    [{ kind: 'keywords', values: ['software'], wholeWord: false }, 'Softwarehouse', true],
    [{ kind: 'keywords', values: ['logiciel'] }, 'Éditeur de LOGÍCIEL', true], // accents and case folded
    [{ kind: 'keywords', values: ['c++'] }, 'C++ tooling', true], // regex characters in a keyword are literal
    [{ kind: 'keywords', values: ['c++'] }, 'cc tooling', false],
    [{ kind: 'keywords', values: ['it'] }, 'IT services', true],
    [{ kind: 'keywords', values: ['it'] }, 'Hospitality', false],
  ];
  it.each(table)('%j on %j → %j', (match, value, expected) => {
    expect(compilePropertyMatch(match)(value)).toBe(expected);
  });
});
