import fc from 'fast-check';
import type { ContactActivity } from '../../../src/domain/contact-activity';
import { createDecider } from '../../../src/domain/decide';
import { decayFactor } from '../../../src/domain/decay';
import { DEFAULT_STAGE_ORDER, isDefaultStage, LIFECYCLE_ORDER, stageRank } from '../../../src/domain/lifecycle-stage';
import { DAY, NOW, testRules } from '../../helpers/test-rules';

const ADVANCE = '2497212665';
const HOLD = '2497212666';
const rulesWithCustom = testRules();
const decide = createDecider({ ...rulesWithCustom, lifecycle: { ...rulesWithCustom.lifecycle, advanceFromStages: [ADVANCE] } }, 'prop');
/** A portal's order: the defaults with two custom stages inserted at any places (the defaults keep their order). */
const orderArb = fc.tuple(fc.nat({ max: 8 }), fc.nat({ max: 9 })).map(([a, b]) => {
  const order = [...DEFAULT_STAGE_ORDER];
  order.splice(a, 0, ADVANCE);
  order.splice(b, 0, HOLD);
  return order;
});

const stageArb = fc.constantFrom('', 'other', ...LIFECYCLE_ORDER);
const propsArb = fc.record(
  {
    jobtitle: fc.constantFrom('VP Sales', 'Director of IT', 'Student', 'Engineer', ''),
    numemployees: fc.constantFrom('1-5', '50-100', '500-1000', '1000+', ''),
    industry: fc.constantFrom('Software', 'computer software', 'Softwarehouse', 'Retail'),
    email: fc.constantFrom('a@acme.io', 'b@gmail.com'),
    company: fc.constantFrom('Acme', ''),
    hs_lead_status: fc.constantFrom('NEW', 'CONNECTED', 'UNQUALIFIED', ''),
    hs_feedback_last_nps_rating: fc.constantFrom('', '3', '9', '10'),
    country: fc.constantFrom('Canada', ' canada ', 'United States', ''),
    phone: fc.constantFrom('+1 555', '  ', ''),
  },
  { requiredKeys: [] },
);
const atArb = fc.integer({ min: NOW - 400 * DAY, max: NOW + DAY });
/** Activities that can only earn points (every engagement rule here is positive). */
const activityArb: fc.Arbitrary<ContactActivity> = fc.oneof(
  fc.record({ kind: fc.constant('form_submitted' as const), at: atArb, formName: fc.constantFrom('Demo request', ' demo REQUEST ', 'Newsletter'), formId: fc.constantFrom('form-ebook', 'form-x') }),
  fc.record({ kind: fc.constant('page_viewed' as const), at: atArb, url: fc.constantFrom('/pricing', 'https://x.io/pricing?plan=pro', '/blog') }),
  fc.record({ kind: fc.constant('email_opened' as const), at: atArb }),
  fc.record({ kind: fc.constant('email_clicked' as const), at: atArb }),
  fc.record({ kind: fc.constant('deal_associated' as const), at: atArb, dealId: fc.constantFrom('1', '2') }),
  fc.record({ kind: fc.constant('deal_won' as const), at: atArb, dealId: fc.constantFrom('1', '2') }),
);
const inputArb = fc.record({ props: propsArb, stage: stageArb, activities: fc.array(activityArb, { maxLength: 25 }) });

/*
 * An independent recomputation of the score for `testRules()`, written out rule by rule from the rules'
 * descriptions (test/helpers/test-rules.ts), sharing no code with the engine. Points are decayed per activity by
 * 0.5^(age / 10 days) (an activity dated after `now` counts as new), rounded to hundredths per activity, and a
 * group's total is cut to its cap.
 */
const known = (v: string | undefined) => v !== undefined && v.trim() !== '';

function oracleFit(p: Record<string, string | undefined>): number {
  let fit = 0;
  if (known(p.jobtitle) && /\b(vp|director)\b/i.test(p.jobtitle!)) fit += 30;
  if (['50-100', '100-500', '500-1000'].includes(p.numemployees ?? '')) fit += 20;
  if (['software', 'computer software'].includes((p.industry ?? '').toLowerCase())) fit += 10;
  if ((p.country ?? '').trim().toLowerCase() === 'canada') fit += 5;
  if ((p.email ?? '').toLowerCase().includes('@gmail.')) fit -= 20;
  if (known(p.phone)) fit += 5;
  if (!known(p.company)) fit -= 5;
  return fit;
}

function oracleEngagement(activities: readonly ContactActivity[], now: number): number {
  const hundredths = (points: number, at: number) => Math.round(points * (now - at > 0 ? 0.5 ** ((now - at) / (10 * DAY)) : 1) * 100);
  let forms = 0;
  let email = 0;
  let other = 0;
  for (const a of activities) {
    if (a.kind === 'form_submitted') {
      if ((a.formName ?? '').trim().toLowerCase() === 'demo request') forms += hundredths(40, a.at);
      forms += hundredths(10, a.at);
      if (a.formId === 'form-ebook') other += hundredths(5, a.at);
    }
    if (a.kind === 'email_opened') email += hundredths(2, a.at);
    if (a.kind === 'email_clicked') email += hundredths(4, a.at);
  }
  // "Pricing page twice": once, when two views of a pricing URL exist, dated by the latest of them.
  const pricing = activities.filter((a): a is Extract<ContactActivity, { kind: 'page_viewed' }> => a.kind === 'page_viewed' && (a.url ?? '').includes('/pricing'));
  if (pricing.length >= 2) other += hundredths(15, Math.max(...pricing.map((a) => a.at)));
  return (Math.min(forms, 4500) + Math.min(email, 1000) + other) / 100;
}

const oracleScore = (p: Record<string, string | undefined>, activities: readonly ContactActivity[], now: number) => oracleFit(p) + oracleEngagement(activities, now);

describe('decide: properties', () => {
  it('with custom stages anywhere in the portal order: never backward by that order, never out of a custom stage without a rule', () => {
    fc.assert(
      fc.property(inputArb, orderArb, fc.constantFrom('', 'other', ADVANCE, HOLD, '999', ...LIFECYCLE_ORDER), ({ props, activities }, order, stage) => {
        const d = decide({ id: '1', properties: { ...props, lifecyclestage: stage } }, activities, NOW, { stages: order });
        // Independent of the engine: ranks are positions in the order itself; 'other' and unknown ids are held.
        const held = stage === 'other' || stage === HOLD || (stage !== '' && !order.includes(stage));
        if (held) return d.stage.to === stage && !d.stage.changed;
        const from = stage === '' ? -1 : order.indexOf(stage);
        const to = d.stage.to === '' ? -1 : order.indexOf(d.stage.to);
        const again = decide({ id: '1', properties: { ...props, lifecyclestage: d.stage.to } }, activities, NOW, { stages: order });
        return to >= from && d.stage.changed === (d.stage.to !== stage) && (d.stage.to === stage || isDefaultStage(d.stage.to)) && !again.stage.changed;
      }),
      { numRuns: 2000 },
    );
  });

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

  it('the score equals an independent recomputation from the test rules and the activities', () => {
    fc.assert(
      fc.property(inputArb, ({ props, activities }) => {
        const d = decide({ id: '1', properties: props }, activities, NOW);
        const expected = oracleScore(props, activities, NOW);
        // Compared in hundredths, the unit the score is kept in.
        return Math.round(d.score * 100) === Math.round(expected * 100) && Math.round(d.fit.score * 100) === Math.round(oracleFit(props) * 100);
      }),
      { numRuns: 3000 },
    );
  });

  it('the order the activities arrive in does not change the decision', () => {
    fc.assert(
      fc.property(inputArb, fc.integer(), ({ props, stage, activities }, seed) => {
        const contact = { id: '1', properties: { ...props, lifecyclestage: stage } };
        const shuffled = [...activities].sort((a, b) => ((a.at * 31 + seed) % 997) - ((b.at * 31 + seed) % 997));
        const a = decide(contact, activities, NOW);
        const b = decide(contact, shuffled, NOW);
        return a.score === b.score && a.stage.to === b.stage.to && a.cell === b.cell;
      }),
      { numRuns: 1000 },
    );
  });

  it('moving every activity and "now" by the same amount changes nothing (only ages count)', () => {
    fc.assert(
      fc.property(inputArb, fc.integer({ min: -400, max: 400 }), ({ props, stage, activities }, days) => {
        const contact = { id: '1', properties: { ...props, lifecyclestage: stage } };
        const shift = days * DAY;
        const a = decide(contact, activities, NOW);
        const b = decide(contact, activities.map((x) => ({ ...x, at: x.at + shift })), NOW + shift);
        return a.score === b.score && a.engagement.ready === b.engagement.ready && a.stage.to === b.stage.to;
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
