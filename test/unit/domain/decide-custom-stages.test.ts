import { createDecider } from '../../../src/domain/decide';
import { planCrmUpdate } from '../../../src/domain/plan-crm-update';
import type { ContactActivity } from '../../../src/domain/contact-activity';
import { DAY, NOW, TARGET, testRules } from '../../helpers/test-rules';

const ENGAGED = '2497212665'; // after lead, before MQL
const SAL = '2497212666'; // after SQL, before opportunity
const ORDER = ['subscriber', 'lead', ENGAGED, 'marketingqualifiedlead', 'salesqualifiedlead', SAL, 'opportunity', 'customer', 'evangelist', 'other'];
const base = testRules();
const decide = createDecider({ ...base, lifecycle: { ...base.lifecycle, advanceFromStages: [ENGAGED] } }, 'custom');
const demo: ContactActivity = { kind: 'form_submitted', at: NOW - DAY, formName: 'Demo request', formId: 'f' };
const contact = (props: Record<string, string>) => ({ id: '7', properties: { ...TARGET, ...props } });

describe('lifecycle decisions on a portal with custom stages', () => {
  it('promotes a target demo request from lead to MQL past a custom stage, and from a custom stage the rules name', () => {
    expect(decide(contact({ lifecyclestage: 'lead' }), [demo], NOW, { stages: ORDER }).stage).toMatchObject({ to: 'marketingqualifiedlead', changed: true });
    expect(decide(contact({ lifecyclestage: ENGAGED }), [demo], NOW, { stages: ORDER }).stage).toMatchObject({ from: ENGAGED, to: 'marketingqualifiedlead', changed: true });
  });

  it('leaves a contact in a custom stage with no rule where it is, whatever the evidence', () => {
    const d = decide(contact({ lifecyclestage: SAL, hs_lead_status: 'CONNECTED' }), [demo, { kind: 'deal_associated', at: NOW, dealId: '1' }], NOW, { stages: ORDER });
    expect(d.stage).toMatchObject({ from: SAL, to: SAL, changed: false });
    expect(d.stage.reason).toMatch(/advanceFromStages/);
  });

  it('does not "promote" a contact in an advanceable custom stage placed after MQL to MQL', () => {
    const late = ['subscriber', 'lead', 'marketingqualifiedlead', ENGAGED, 'salesqualifiedlead', 'opportunity', 'customer', 'evangelist', 'other'];
    expect(decide(contact({ lifecyclestage: ENGAGED }), [demo], NOW, { stages: late }).stage).toMatchObject({ to: ENGAGED, changed: false });
  });

  it('follows a portal that reordered the defaults: a move the portal calls backward is never planned', () => {
    const swapped = ['subscriber', 'lead', 'salesqualifiedlead', 'marketingqualifiedlead', 'opportunity', 'customer', 'evangelist', 'other'];
    const d = decide(contact({ lifecyclestage: 'marketingqualifiedlead', hs_lead_status: 'CONNECTED' }), [demo], NOW, { stages: swapped });
    expect(d.stage).toMatchObject({ to: 'marketingqualifiedlead', changed: false });
  });

  it('never writes a stage over a custom stage the decision did not start from', () => {
    const d = decide(contact({ lifecyclestage: 'lead' }), [demo], NOW, { stages: ORDER });
    expect(planCrmUpdate(d, { lifecyclestage: 'lead' }, ORDER).stageChange).toEqual({ from: 'lead', to: 'marketingqualifiedlead' });
    // A person moved it to a custom stage since: left alone.
    expect(planCrmUpdate(d, { lifecyclestage: SAL }, ORDER).stageChange).toBeNull();
    expect(planCrmUpdate(d, { lifecyclestage: SAL }, ORDER).properties.lifecyclestage).toBeUndefined();
  });
});

describe("sales acceptance from Sales Hub's Leads object", () => {
  const leadsRules = { ...base, lifecycle: { ...base.lifecycle, salesAccepted: { ...base.lifecycle.salesAccepted, source: 'auto' as const, leadStages: ['connected-stage-id', 'qualified-stage-id'] } } };
  const decideLeads = createDecider(leadsRules, 'leads');
  const mql = contact({ lifecyclestage: 'marketingqualifiedlead' });

  it('makes an SQL when a lead is Connected or Qualified, not when it is only Attempting', () => {
    expect(decideLeads(mql, [], NOW, { leads: [{ id: '1', stage: 'qualified-stage-id', calls: 1, emails: 0 }] }).stage).toMatchObject({ to: 'salesqualifiedlead', changed: true });
    expect(decideLeads(mql, [], NOW, { leads: [{ id: '1', stage: 'attempting-stage-id', calls: 3, emails: 2 }] }).stage.changed).toBe(false);
  });

  it('auto: a contact without leads (or leads not read) falls back to hs_lead_status', () => {
    const connected = contact({ lifecyclestage: 'marketingqualifiedlead', hs_lead_status: 'CONNECTED' });
    expect(decideLeads(connected, [], NOW, { leads: [] }).stage.to).toBe('salesqualifiedlead');
    expect(decideLeads(connected, [], NOW, { leads: null }).stage.to).toBe('salesqualifiedlead');
    // With leads, the leads decide: a working status on the contact no longer does.
    expect(decideLeads(connected, [], NOW, { leads: [{ id: '1', stage: 'new-stage-id', calls: 0, emails: 0 }] }).stage.changed).toBe(false);
  });

  it('leadsObject: hs_lead_status is never read', () => {
    const only = createDecider({ ...leadsRules, lifecycle: { ...leadsRules.lifecycle, salesAccepted: { ...leadsRules.lifecycle.salesAccepted, source: 'leadsObject' as const } } }, 'lo');
    expect(only(contact({ lifecyclestage: 'marketingqualifiedlead', hs_lead_status: 'CONNECTED' }), [], NOW, { leads: [] }).stage.changed).toBe(false);
  });
});
