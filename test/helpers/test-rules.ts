import type { ScoringRules } from '../../src/domain/scoring-rules';

/** Small rules with round numbers, so expected scores can be computed by hand. */
export function testRules(overrides: Partial<ScoringRules> = {}): ScoringRules {
  return {
    fit: {
      rules: [
        { id: 'title', description: 'Decision-maker title', property: 'jobtitle', match: { kind: 'matches', pattern: '\\b(vp|director)\\b', flags: 'i' }, points: 30 },
        { id: 'size', description: 'Company size 50–1000', property: 'numemployees', match: { kind: 'bucket', min: 50, max: 1000 }, points: 20 },
        { id: 'industry', description: 'Target industry', property: 'industry', match: { kind: 'keywords', values: ['software'] }, points: 10 },
        { id: 'country', description: 'Served country', property: 'country', match: { kind: 'equals', value: 'Canada' }, points: 5 },
        { id: 'personal-email', description: 'Personal email', property: 'email', match: { kind: 'contains', value: '@gmail.' }, points: -20 },
        { id: 'phone', description: 'Phone known', property: 'phone', match: { kind: 'known' }, points: 5 },
        { id: 'no-company', description: 'No company', property: 'company', match: { kind: 'unknown' }, points: -5 },
      ],
      grades: { A: 50, B: 30, C: 10 },
      targetGrades: ['A', 'B'],
    },
    engagement: {
      halfLifeDays: 10,
      rules: [
        { id: 'demo', description: 'Requested a demo', event: { kind: 'form_submitted', form: { name: 'Demo request' } }, points: 40, group: 'forms' },
        { id: 'any-form', description: 'Submitted a form', event: { kind: 'form_submitted' }, points: 10, group: 'forms' },
        { id: 'ebook', description: 'Downloaded the ebook', event: { kind: 'form_submitted', form: { id: 'form-ebook' } }, points: 5 },
        { id: 'pricing', description: 'Pricing page twice', event: { kind: 'page_views', minCount: 2, urlContains: '/pricing' }, points: 15 },
        { id: 'open', description: 'Opened an email', event: { kind: 'email_opened' }, points: 2, group: 'email' },
        { id: 'click', description: 'Clicked an email', event: { kind: 'email_clicked' }, points: 4, group: 'email' },
      ],
      groupCaps: { email: 10, forms: 45 },
    },
    mqlThreshold: 80,
    readyToBuy: {
      signals: [{ id: 'sig-demo', description: 'Demo request', event: { kind: 'form_submitted', form: { name: 'Demo request' } }, withinDays: 30 }],
      engagementThreshold: 60,
    },
    matrix: {
      readyTarget: { name: 'Promote to MQL', description: 'Call within 24 h.', actions: [{ kind: 'set_stage', stage: 'marketingqualifiedlead' }, { kind: 'note' }] },
      readyNotTarget: { name: 'Realign expectations', description: 'Send the realign email.', actions: [{ kind: 'set_property', property: 'leadloop_nurture_track', value: 'realign' }] },
      notReadyTarget: { name: 'Nurture sequence', description: 'Enrol in nurture.', actions: [{ kind: 'set_property', property: 'leadloop_nurture_track', value: 'nurture' }] },
      notReadyNotTarget: { name: 'No action', description: 'Nothing to do.', actions: [{ kind: 'record' }] },
    },
    lifecycle: {
      salesAccepted: { property: 'hs_lead_status', values: ['CONNECTED', 'IN_PROGRESS'] },
      disqualified: { property: 'hs_lead_status', values: ['UNQUALIFIED'] },
      promoter: { property: 'hs_feedback_last_nps_rating', min: 9 },
    },
    ...overrides,
  };
}

export const DAY = 24 * 60 * 60 * 1000;
export const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);
export const TARGET = { jobtitle: 'VP Sales', numemployees: '100-500', industry: 'Software', company: 'Acme' }; // fit 60, grade A
export const NOT_TARGET = { jobtitle: 'Student', company: 'Uni', email: 'kid@gmail.com' }; // fit -20, grade D
