import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../../../src/config/config-error';
import { loadScoringConfig, parseScoringConfig, scoringJsonSchema } from '../../../src/config/load-scoring-config';
import { testRules } from '../../helpers/test-rules';

const ROOT = path.resolve(__dirname, '../../..');
const valid = () => JSON.parse(JSON.stringify(testRules())) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function problemsOf(mutate: (c: Record<string, any>) => void): string[] { // eslint-disable-line @typescript-eslint/no-explicit-any
  const config = valid();
  mutate(config);
  try {
    parseScoringConfig(config, 'scoring.json');
  } catch (e) {
    if (e instanceof ConfigError) return [...e.problems];
    throw e;
  }
  return [];
}

describe('scoring config', () => {
  it('the shipped config/scoring.json is valid, and its version hash is stable', () => {
    const a = loadScoringConfig(path.join(ROOT, 'config/scoring.json'));
    const b = loadScoringConfig(path.join(ROOT, 'config/scoring.json'));
    expect(a.hash).toMatch(/^[0-9a-f]{12}$/);
    expect(a.hash).toBe(b.hash);
    expect(a.rules.fit.rules.length).toBeGreaterThan(5);
  });

  it('the committed JSON Schema is the one generated from the zod schema (run `leadloop config schema --write`)', () => {
    const committed = JSON.parse(fs.readFileSync(path.join(ROOT, 'config/scoring.schema.json'), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(scoringJsonSchema())));
  });

  it('a changed rule changes the version hash', () => {
    const a = parseScoringConfig(valid());
    const changed = valid();
    changed.fit.rules[0].points = 31;
    expect(parseScoringConfig(changed).hash).not.toBe(a.hash);
  });

  const bad: Array<[string, (c: Record<string, any>) => void, string]> = [ // eslint-disable-line @typescript-eslint/no-explicit-any
    ['points not a number', (c) => (c.fit.rules[3].points = 'ten'), 'fit.rules[3].points: Invalid input: expected number, received string'],
    ['unknown match kind', (c) => (c.fit.rules[0].match = { kind: 'startsWith', value: 'x' }), 'fit.rules[0].match.kind'],
    ['broken regular expression', (c) => (c.fit.rules[0].match = { kind: 'matches', pattern: '(vp' }), 'fit.rules[0].match.pattern: not a valid regular expression'],
    ['range without bounds', (c) => (c.fit.rules[1].match = { kind: 'range' }), 'fit.rules[1].match: give min, max or both'],
    ['range upside down', (c) => (c.fit.rules[1].match = { kind: 'range', min: 10, max: 1 }), 'fit.rules[1].match: min must not exceed max'],
    ['grades not falling', (c) => (c.fit.grades = { A: 10, B: 20, C: 5 }), 'fit.grades: thresholds must fall: A > B > C'],
    ['duplicate rule id', (c) => (c.engagement.rules[1].id = 'title'), 'engagement.rules[1].id: duplicate rule id "title" (first used at fit.rules.0)'],
    ['cap for a group no rule uses', (c) => (c.engagement.groupCaps.videos = 5), 'engagement.groupCaps.videos: no engagement rule is in group "videos"'],
    ['negative half-life', (c) => (c.engagement.halfLifeDays = -3), 'engagement.halfLifeDays: Too small'],
    ['page views of zero', (c) => (c.engagement.rules[3].event.minCount = 0), 'engagement.rules[3].event.minCount: Too small'],
    ['form selector empty', (c) => (c.engagement.rules[0].event.form = {}), 'engagement.rules[0].event.form: give the form id, its name'],
    ['missing matrix cell', (c) => delete c.matrix.readyNotTarget, 'matrix.readyNotTarget: Invalid input: expected object, received undefined'],
    ['misspelt field', (c) => (c.mqlTreshold = 50), 'Unrecognized key: "mqlTreshold"'],
    ['bad rule id', (c) => (c.fit.rules[0].id = 'Has Spaces'), 'fit.rules[0].id: use lower-case letters'],
    ['stage action other than MQL', (c) => (c.matrix.readyTarget.actions[0] = { kind: 'set_stage', stage: 'customer' }), 'matrix.readyTarget.actions[0].stage'],
  ];
  it.each(bad)('%s', (_label, mutate, message) => {
    const problems = problemsOf(mutate);
    expect(problems.join('\n')).toContain(message);
  });

  it('lists every problem at once', () => {
    const problems = problemsOf((c) => {
      c.fit.rules[3].points = 'ten';
      c.engagement.halfLifeDays = 0;
      delete c.lifecycle;
    });
    expect(problems).toHaveLength(3);
  });

  it('names the file and the fix when the file is missing or not JSON', () => {
    expect(() => loadScoringConfig('/nonexistent/scoring.json')).toThrow(/cannot read the file.*LEADLOOP_SCORING_CONFIG/s);
    const tmp = path.join(fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'cfg-')), 's.json');
    fs.writeFileSync(tmp, '{ "fit": ');
    expect(() => loadScoringConfig(tmp)).toThrow(/not valid JSON/);
  });
});
