import type { ContactActivity } from '../../../src/domain/contact-activity';
import { createDecider } from '../../../src/domain/decide';
import { decayFactor } from '../../../src/domain/decay';
import { DAY, NOT_TARGET, NOW, TARGET, testRules } from '../../helpers/test-rules';

const decide = createDecider(testRules(), 'testhash');
const demo = (daysAgo = 0): ContactActivity => ({ kind: 'form_submitted', at: NOW - daysAgo * DAY, formName: 'Demo request', formId: 'form-demo' });
const contact = (properties: Record<string, string>) => ({ id: '42', properties });

describe('decide: the four matrix cells', () => {
  it('ready + target: a lead who requests a demo becomes an MQL at once', () => {
    const d = decide(contact({ ...TARGET, lifecyclestage: 'lead' }), [demo()], NOW);
    expect(d.fit).toEqual({ score: 60, grade: 'A', target: true });
    // demo 40 + any form 10 = 50, capped at 45 by the "forms" group
    expect(d.engagement.score).toBe(45);
    expect(d.score).toBe(105);
    expect(d.cell).toBe('readyTarget');
    expect(d.tactic.name).toBe('Promote to MQL');
    expect(d.stage).toMatchObject({ from: 'lead', to: 'marketingqualifiedlead', changed: true });
    expect(d.ledger.find((l) => l.kind === 'cap')).toMatchObject({ ruleId: 'cap:forms', points: -5 });
  });

  it('ready + not target: the same form leaves a non-target lead a lead, with the realign tactic', () => {
    const d = decide(contact({ ...NOT_TARGET, lifecyclestage: 'lead' }), [demo()], NOW);
    expect(d.fit).toEqual({ score: -20, grade: 'D', target: false });
    expect(d.score).toBe(25);
    expect(d.cell).toBe('readyNotTarget');
    expect(d.tactic.name).toBe('Realign expectations');
    expect(d.stage).toMatchObject({ from: 'lead', to: 'lead', changed: false });
  });

  it('not ready + target: nurture, no stage change', () => {
    const d = decide(contact({ ...TARGET, lifecyclestage: 'subscriber' }), [], NOW);
    expect([d.cell, d.tactic.name, d.score, d.stage.changed]).toEqual(['notReadyTarget', 'Nurture sequence', 60, false]);
  });

  it('not ready + not target: nothing', () => {
    const d = decide(contact({ ...NOT_TARGET }), [], NOW);
    expect([d.cell, d.tactic.name, d.stage.to]).toEqual(['notReadyNotTarget', 'No action', '']);
  });
});

describe('decide: engagement rules', () => {
  it('decays points with the half-life', () => {
    const d = decide(contact(TARGET), [demo(10)], NOW);
    // one half-life: demo 40 → 20, any form 10 → 5; under the forms cap
    expect(d.engagement.score).toBe(25);
    expect(decayFactor(10 * DAY, 10)).toBe(0.5);
  });

  it('matches a form by id, page views by count and URL, and caps email points', () => {
    const activities: ContactActivity[] = [
      { kind: 'form_submitted', at: NOW, formId: 'form-ebook', formName: 'Ebook' },
      { kind: 'page_viewed', at: NOW, url: 'https://x.io/pricing' },
      { kind: 'page_viewed', at: NOW, url: 'https://x.io/blog' },
      ...Array.from({ length: 4 }, (): ContactActivity => ({ kind: 'email_opened', at: NOW })),
      { kind: 'email_clicked', at: NOW },
    ];
    const d = decide(contact(NOT_TARGET), activities, NOW);
    const byRule = (id: string) => d.ledger.filter((l) => l.ruleId === id).map((l) => l.points);
    expect(byRule('ebook')).toEqual([5]);
    expect(byRule('any-form')).toEqual([10]);
    expect(byRule('pricing')).toEqual([]); // one pricing view of the two required
    expect(byRule('open')).toEqual([2, 2, 2, 2]);
    expect(byRule('click')).toEqual([4]);
    expect(byRule('cap:email')).toEqual([-2]); // 12 email points capped at 10
    expect(d.engagement.score).toBe(25);
    const twice = decide(contact(NOT_TARGET), [...activities, { kind: 'page_viewed', at: NOW, url: 'https://x.io/pricing?plan=pro' }], NOW);
    expect(twice.ledger.filter((l) => l.ruleId === 'pricing').map((l) => l.points)).toEqual([15]);
  });

  it('a buying signal older than its window does not make the contact ready', () => {
    const d = decide(contact({ ...TARGET, lifecyclestage: 'lead' }), [demo(31)], NOW);
    expect(d.engagement.ready).toBe(false);
    expect(d.stage.to).toBe('lead');
  });

  it('a high engagement score alone counts as ready to buy', () => {
    const rules = testRules();
    rules.readyToBuy = { signals: [], engagementThreshold: 40 };
    const d = createDecider(rules, 'h')(contact({ ...TARGET, lifecyclestage: 'lead' }), [demo()], NOW);
    expect(d.engagement.readyReasons).toEqual(['engagement score 45 ≥ 40']);
    expect(d.stage.to).toBe('marketingqualifiedlead');
  });
});

describe('decide: lifecycle rules', () => {
  const pricingTwice: ContactActivity[] = [
    { kind: 'page_viewed', at: NOW, url: '/pricing' },
    { kind: 'page_viewed', at: NOW, url: '/pricing' },
    { kind: 'email_opened', at: NOW },
    { kind: 'email_opened', at: NOW },
    { kind: 'email_opened', at: NOW },
  ];

  it('a lead crossing the MQL threshold becomes an MQL without a buying signal', () => {
    const d = decide(contact({ ...TARGET, lifecyclestage: 'lead' }), pricingTwice, NOW);
    expect(d.score).toBe(81); // fit 60 + pricing 15 + opens 6
    expect(d.engagement.ready).toBe(false);
    expect(d.stage).toMatchObject({ to: 'marketingqualifiedlead', changed: true });
    expect(d.stage.reason).toContain('score 81 reached the MQL threshold 80');
  });

  it('a contact with no stage who submits a form becomes a lead', () => {
    expect(decide(contact({ ...NOT_TARGET }), [demo()], NOW).stage).toMatchObject({ from: '', to: 'lead', changed: true });
  });

  it('a lead sales disqualified is not promoted to MQL again', () => {
    const d = decide(contact({ ...TARGET, lifecyclestage: 'lead', hs_lead_status: 'UNQUALIFIED' }), [demo()], NOW);
    expect(d.stage.to).toBe('lead');
  });

  it('MQL → SQL when sales accepts the lead', () => {
    const d = decide(contact({ ...TARGET, lifecyclestage: 'marketingqualifiedlead', hs_lead_status: 'connected' }), [], NOW);
    expect(d.stage).toMatchObject({ to: 'salesqualifiedlead', changed: true });
  });

  it('→ opportunity when a deal is associated, → customer when it is won, → evangelist for a promoter', () => {
    const base = { ...TARGET, lifecyclestage: 'salesqualifiedlead' };
    const assoc: ContactActivity = { kind: 'deal_associated', at: NOW, dealId: '9' };
    const won: ContactActivity = { kind: 'deal_won', at: NOW, dealId: '9' };
    expect(decide(contact(base), [assoc], NOW).stage.to).toBe('opportunity');
    expect(decide(contact(base), [assoc, won], NOW).stage.to).toBe('customer');
    expect(decide(contact({ ...base, lifecyclestage: 'customer', hs_feedback_last_nps_rating: '9' }), [], NOW).stage.to).toBe('evangelist');
    expect(decide(contact({ ...base, lifecyclestage: 'customer', hs_feedback_last_nps_rating: '8' }), [], NOW).stage.to).toBe('customer');
    // a promoter who is not a customer is not an evangelist
    expect(decide(contact({ ...base, hs_feedback_last_nps_rating: '10' }), [], NOW).stage.to).toBe('salesqualifiedlead');
  });

  it('never moves backward', () => {
    const d = decide(contact({ ...TARGET, lifecyclestage: 'customer' }), [demo()], NOW);
    expect(d.stage).toMatchObject({ from: 'customer', to: 'customer', changed: false });
    expect(d.stage.reason).toContain('stages only move forward');
  });

  it('leaves stages it does not own alone', () => {
    for (const stage of ['other', '939275049']) {
      const d = decide(contact({ ...TARGET, lifecyclestage: stage }), [demo()], NOW);
      expect(d.stage).toMatchObject({ from: stage, to: stage, changed: false });
    }
  });
});

describe('decide: the explanation and the ledger', () => {
  it('the score is worked out by hand from the rules, and every ledger line names its rule and evidence', () => {
    const d = decide(contact({ ...TARGET, phone: '+1 555', lifecyclestage: 'lead' }), [demo(3), { kind: 'email_clicked', at: NOW - DAY }], NOW);
    // fit: title 30 + size 20 + industry 10 + phone 5 = 65
    // demo 3 days old: 40 × 0.5^(3/10) = 32.490… → 32.49; any form: 10 × 0.5^0.3 = 8.122… → 8.12 (forms 40.61, under the cap of 45)
    // click 1 day old: 4 × 0.5^(1/10) = 3.732… → 3.73; engagement 44.34
    expect(d.fit.score).toBe(65);
    expect(d.engagement.score).toBeCloseTo(44.34, 10);
    expect(d.score).toBeCloseTo(109.34, 10);
    expect(d.ledger.map((l) => [l.ruleId, l.points])).toEqual([['title', 30], ['size', 20], ['industry', 10], ['phone', 5], ['demo', 32.49], ['any-form', 8.12], ['click', 3.73]]);
    for (const line of d.ledger) {
      expect(line.ruleId).not.toBe('');
      expect(line.evidence).not.toBe('');
    }
    expect(d.ledger.find((l) => l.ruleId === 'phone')).toMatchObject({ evidence: 'phone = "+1 555"', points: 5 });
  });

  it('reads well to a salesperson: what changed, why, the points, the tactic and the next step', () => {
    const d = decide(contact({ ...TARGET, lifecyclestage: 'lead' }), [demo()], NOW);
    expect(d.explanation).toContain('leadloop moved this contact from Lead to Marketing qualified lead.');
    expect(d.explanation).toContain('Why: Marketing qualified lead: target profile with a buying signal.');
    expect(d.explanation).toContain('Score 105 = fit 60 (grade A, target profile) + engagement 45; MQL threshold 80.');
    expect(d.explanation).toContain('+30  Decision-maker title (jobtitle = "VP Sales")');
    expect(d.explanation).toContain('+40  Requested a demo (submitted form "Demo request" on 2026-11-23)');
    expect(d.explanation).toContain('Qualification matrix: ready to buy × target profile → Promote to MQL.');
    expect(d.explanation).toContain('Next: Call within 24 h.');
  });

  it('is deterministic: same input, same decision', () => {
    const input = [contact({ ...TARGET, lifecyclestage: 'lead' }), [demo(2)], NOW] as const;
    expect(decide(...input)).toEqual(decide(...input));
  });
});
