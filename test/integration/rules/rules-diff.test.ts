import { createTestStore } from '../../helpers/test-database';
import { createDecider } from '../../../src/domain/decide';
import type { ContactActivity } from '../../../src/domain/contact-activity';
import type { RuleSet } from '../../../src/domain/diff-contact';
import type { ContactChange } from '../../../src/domain/compare-decisions';
import { csvLine, CSV_HEADER } from '../../../src/rules/format-rule-diff';
import { scanRuleDiff } from '../../../src/rules/scan-rule-diff';
import type { Store } from '../../../src/store/store-port';
import { DAY, NOW, TARGET, testRules } from '../../helpers/test-rules';

const PORTAL = 777;
const set = (threshold: number): RuleSet => {
  const rules = testRules({ mqlThreshold: threshold });
  return { rules, hash: `t${threshold}`, decide: createDecider(rules, `t${threshold}`) };
};
const yesterday = NOW - DAY;
const anyForm: ContactActivity = { kind: 'form_submitted', at: yesterday, formName: 'Newsletter' };
const demo: ContactActivity = { kind: 'form_submitted', at: yesterday, formName: 'Demo request' };

/**
 * Hand-built contacts whose scores are known from testRules' points, not from the engine:
 * title 30, size 20, industry 10, Canada 5, phone 5; any form 10 (×0.5^(1/10) a day later ≈ 9.33); demo 40 (forms cap 45).
 */
const CONTACTS: Array<{ id: string; props: Record<string, string>; activities?: ContactActivity[] }> = [
  { id: 'c1', props: { ...TARGET, lifecyclestage: 'lead' } }, // 60: MQL at 60, not at 80
  { id: 'c2', props: { jobtitle: 'VP', numemployees: '100-500', country: 'Canada', company: 'Acme', lifecyclestage: 'lead' } }, // 55: neither
  { id: 'c3', props: { ...TARGET, country: 'Canada', phone: '1', lifecyclestage: 'lead' } }, // 70: MQL at 60, not at 80
  { id: 'c4', props: { jobtitle: 'Student', company: 'Uni', email: 'kid@gmail.com', lifecyclestage: 'lead' } }, // -20: neither
  { id: 'c5', props: { ...TARGET, phone: '1', hs_lead_status: 'UNQUALIFIED', lifecyclestage: 'lead' } }, // 65 but disqualified
  { id: 'c6', props: { ...TARGET, lifecyclestage: 'marketingqualifiedlead' } }, // 60, already MQL: only the verdict changes
  { id: 'c7', props: { jobtitle: 'VP', company: 'Acme', lifecyclestage: 'lead' }, activities: [demo] }, // 30 + ≈42, target and ready: MQL under both
  { id: 'c8', props: { jobtitle: 'VP', numemployees: '100-500', country: 'Canada', company: 'Acme', lifecyclestage: 'lead' }, activities: [anyForm] }, // 55 + ≈9.33 ≈ 64
];

// The independent count: which contacts a threshold of 60 instead of 80 changes, and how.
const EXPECTED_CHANGED = ['c1', 'c3', 'c6', 'c8'];
const EXPECTED_NOTES = ['c1', 'c3', 'c8']; // c6 already holds MQL: no stage change
// New MQLs from the last 30 days' traffic: c7 under both (30 days ago it had no demo); c8 only at 60 (55 before its form).
const EXPECTED_MQLS_PER_MONTH = { current: 1, candidate: 2 };

async function seed(store: Store): Promise<void> {
  for (const c of CONTACTS) {
    await store.applyContactChanges(
      PORTAL,
      c.id,
      Object.entries(c.props).map(([name, value]) => ({ name, value, at: NOW - 10 * DAY })),
      (c.activities ?? []).map((activity, i) => ({ activity, sourceKey: `${c.id}:${i}` })),
    );
  }
}

describe('rules diff: mqlThreshold 80 → 60', () => {
  let store: Store;
  beforeEach(async () => {
    store = await createTestStore();
    await seed(store);
  });
  afterEach(() => store.close());

  it('reports exactly the contacts that change, read in pages', async () => {
    const changes: ContactChange[] = [];
    const summary = await scanRuleDiff({
      store,
      current: set(80),
      candidate: set(60),
      now: NOW,
      pageSize: 3, // several pages, one spanning the last contacts
      onPage: (page) => void page.forEach(({ diff }) => diff.change && changes.push(diff.change)),
    });
    expect(changes.map((c) => c.contactId).sort()).toEqual(EXPECTED_CHANGED);
    expect(changes.filter((c) => c.note).map((c) => c.contactId).sort()).toEqual(EXPECTED_NOTES);
    expect(summary).toEqual({
      contacts: CONTACTS.length,
      changed: EXPECTED_CHANGED.length,
      byField: { score: 0, grade: 0, cell: 0, stage: EXPECTED_NOTES.length, tactic: 0 },
      becomeMql: EXPECTED_CHANGED.length,
      loseMql: 0,
      notes: EXPECTED_NOTES.length,
      mqlsPerMonth: EXPECTED_MQLS_PER_MONTH,
    });
    const c1 = changes.find((c) => c.contactId === 'c1')!;
    expect(c1.before).toEqual({ score: 60, grade: 'A', cell: 'notReadyTarget', stage: 'lead', tactic: 'Nurture sequence', mql: false });
    expect(c1.after).toEqual({ ...c1.before, stage: 'marketingqualifiedlead', mql: true });
  });

  it('the reverse change (60 → 80) loses those MQL verdicts and writes no note', async () => {
    const summary = await scanRuleDiff({ store, current: set(60), candidate: set(80), now: NOW });
    expect(summary).toMatchObject({ changed: EXPECTED_CHANGED.length, loseMql: EXPECTED_CHANGED.length, becomeMql: 0, notes: 0 });
  });

  it('--portal keeps to one portal', async () => {
    const summary = await scanRuleDiff({ store, current: set(80), candidate: set(60), now: NOW, portalId: PORTAL + 1 });
    expect(summary.contacts).toBe(0);
  });

  it('CSV: a header and one row per change, cells quoted and neutralised', () => {
    const change: ContactChange = {
      contactId: '=HYPERLINK("x")',
      before: { score: -5, grade: 'D', cell: 'notReadyNotTarget', stage: '', tactic: 'No action', mql: false },
      after: { score: 60, grade: 'A', cell: 'notReadyTarget', stage: 'lead', tactic: 'Nurture, then call', mql: false },
      changed: ['score', 'grade', 'cell', 'stage', 'tactic'],
      becomesMql: false,
      losesMql: false,
      note: true,
    };
    expect(CSV_HEADER).toBe('portal_id,contact_id,changed,score_before,score_after,grade_before,grade_after,cell_before,cell_after,stage_before,stage_after,tactic_before,tactic_after,mql_before,mql_after,note');
    expect(csvLine(PORTAL, change)).toBe(`777,"'=HYPERLINK(""x"")",score grade cell stage tactic,-5,60,D,A,notReadyNotTarget,notReadyTarget,,lead,No action,"Nurture, then call",false,false,true`);
  });
});
