import fc from 'fast-check';
import type { ContactActivity } from '../../../src/domain/contact-activity';
import { createDecider } from '../../../src/domain/decide';
import { decayFactor } from '../../../src/domain/decay';
import { LIFECYCLE_ORDER, stageRank } from '../../../src/domain/lifecycle-stage';
import { sumLines } from '../../../src/domain/ledger';
import { DAY, NOW, testRules } from '../../helpers/test-rules';

const decide = createDecider(testRules(), 'prop');

const stageArb = fc.constantFrom('', 'other', ...LIFECYCLE_ORDER);
const propsArb = fc.record(
  {
    jobtitle: fc.constantFrom('VP Sales', 'Director of IT', 'Student', 'Engineer', ''),
    numberofemployees: fc.constantFrom('5', '60', '4000', '90000', 'n/a'),
    industry: fc.constantFrom('COMPUTER_SOFTWARE', 'RETAIL'),
    email: fc.constantFrom('a@acme.io', 'b@gmail.com'),
    company: fc.constantFrom('Acme', ''),
    hs_lead_status: fc.constantFrom('NEW', 'CONNECTED', 'UNQUALIFIED', ''),
    nps_score: fc.constantFrom('', '3', '9', '10'),
  },
  { requiredKeys: [] },
);
const atArb = fc.integer({ min: NOW - 400 * DAY, max: NOW + DAY });
/** Activities that can only earn points (every engagement rule here is positive). */
const activityArb: fc.Arbitrary<ContactActivity> = fc.oneof(
  fc.record({ kind: fc.constant('form_submitted' as const), at: atArb, formName: fc.constantFrom('Demo request', 'Newsletter'), formId: fc.constantFrom('form-ebook', 'form-x') }),
  fc.record({ kind: fc.constant('page_viewed' as const), at: atArb, url: fc.constantFrom('/pricing', '/blog') }),
  fc.record({ kind: fc.constant('email_opened' as const), at: atArb }),
  fc.record({ kind: fc.constant('email_clicked' as const), at: atArb }),
  fc.record({ kind: fc.constant('deal_associated' as const), at: atArb, dealId: fc.constantFrom('1', '2') }),
  fc.record({ kind: fc.constant('deal_won' as const), at: atArb, dealId: fc.constantFrom('1', '2') }),
);
const inputArb = fc.record({ props: propsArb, stage: stageArb, activities: fc.array(activityArb, { maxLength: 25 }) });

describe('decide: properties', () => {
  it('never moves a contact backward, and never touches a stage it does not own', () => {
    fc.assert(
      fc.property(inputArb, ({ props, stage, activities }) => {
        const d = decide({ id: '1', properties: { ...props, lifecyclestage: stage } }, activities, NOW);
        const from = stageRank(stage);
        if (stage !== '' && from === null) return d.stage.to === stage && !d.stage.changed;
        const to = d.stage.to === '' ? -1 : stageRank(d.stage.to)!;
        return to >= (from ?? -1) && d.stage.changed === (d.stage.to !== stage);
      }),
      { numRuns: 2000 },
    );
  });

  it('re-running on the decision\'s own result changes nothing (a fixed point)', () => {
    fc.assert(
      fc.property(inputArb, ({ props, stage, activities }) => {
        const first = decide({ id: '1', properties: { ...props, lifecyclestage: stage } }, activities, NOW);
        const again = decide({ id: '1', properties: { ...props, lifecyclestage: first.stage.to } }, activities, NOW);
        return !again.stage.changed && again.stage.to === first.stage.to && again.score === first.score;
      }),
      { numRuns: 1000 },
    );
  });

  it('more positive evidence never lowers the score', () => {
    fc.assert(
      fc.property(inputArb, activityArb, ({ props, stage, activities }, extra) => {
        const contact = { id: '1', properties: { ...props, lifecyclestage: stage } };
        return decide(contact, [...activities, extra], NOW).score >= decide(contact, activities, NOW).score;
      }),
      { numRuns: 2000 },
    );
  });

  it('the score is always the sum of its ledger', () => {
    fc.assert(
      fc.property(inputArb, ({ props, activities }) => {
        const d = decide({ id: '1', properties: props }, activities, NOW);
        return sumLines(d.ledger) === d.score;
      }),
      { numRuns: 1000 },
    );
  });

  it('decay stays within (0, 1] and never grows with age', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e12, max: 1e15, noNaN: true }), fc.double({ min: 1e-3, max: 3650, noNaN: true }), fc.double({ min: 0, max: 1e12, noNaN: true }), (age, halfLife, more) => {
        const f = decayFactor(age, halfLife);
        return f > 0 && f <= 1 && decayFactor(age + more, halfLife) <= f;
      }),
      { numRuns: 5000 },
    );
  });
});
