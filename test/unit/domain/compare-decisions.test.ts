import { compareDecisions } from '../../../src/domain/compare-decisions';
import { createDecider } from '../../../src/domain/decide';
import { csvCell } from '../../../src/rules/csv-cell';
import { NOW, TARGET, testRules } from '../../helpers/test-rules';

// TARGET alone scores 60 (title 30 + size 20 + industry 10): an MQL at threshold 60, not at 80.
const at60 = createDecider(testRules({ mqlThreshold: 60 }), 'sixty');
const at80 = createDecider(testRules({ mqlThreshold: 80 }), 'eighty');
const lead = { id: '1', properties: { ...TARGET, lifecyclestage: 'lead' } };

describe('compareDecisions', () => {
  it('is null when nothing a person sees differs', () => {
    expect(compareDecisions(at60(lead, [], NOW), at60(lead, [], NOW), { before: true, after: true })).toBeNull();
  });

  it('a promotion: the stage moves forward, one note, becomes MQL', () => {
    const c = compareDecisions(at80(lead, [], NOW), at60(lead, [], NOW), { before: false, after: true });
    expect(c).toMatchObject({ changed: ['stage'], becomesMql: true, losesMql: false, note: true });
    expect(c!.before).toMatchObject({ score: 60, stage: 'lead' });
    expect(c!.after).toMatchObject({ score: 60, stage: 'marketingqualifiedlead' });
  });

  it('a demotion is not a stage change: no note, only the MQL verdict is lost', () => {
    // The current rules would move the contact to MQL; the candidate leaves it where it is.
    const c = compareDecisions(at60(lead, [], NOW), at80(lead, [], NOW), { before: true, after: false });
    expect(c).toMatchObject({ becomesMql: false, losesMql: true, note: false });
  });
});

describe('csvCell', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+31 6', "'+31 6"],
    ['-x', "'-x"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', `"'\rx"`],
    ['a,"b"', '"a,""b"""'],
    ['plain', 'plain'],
  ])('%j → %j', (input, output) => expect(csvCell(input)).toBe(output));
  it('writes numbers as numbers, negative ones too', () => expect(csvCell(-5)).toBe('-5'));
});
