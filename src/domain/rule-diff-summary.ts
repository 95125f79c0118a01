import type { ChangedField, ContactChange } from './compare-decisions';
import type { ContactDiff } from './diff-contact';

export interface RuleDiffSummary {
  contacts: number;
  changed: number;
  /** Contacts each field changes for (a contact may count under several). */
  byField: Record<ChangedField, number>;
  becomeMql: number;
  loseMql: number;
  /** One per forward stage change the candidate makes that the current rules do not. */
  notes: number;
  /** MQLs per month at last month's traffic, under each rule set. */
  mqlsPerMonth: { current: number; candidate: number };
}

export interface RuleDiffTally {
  add(diff: Pick<ContactDiff, 'change' | 'newMqlLastMonth'>): void;
  summary(): RuleDiffSummary;
}

/** A running total, so contacts stream through page by page and none is kept. */
export function createRuleDiffTally(): RuleDiffTally {
  const s: RuleDiffSummary = {
    contacts: 0,
    changed: 0,
    byField: { score: 0, grade: 0, cell: 0, stage: 0, tactic: 0 },
    becomeMql: 0,
    loseMql: 0,
    notes: 0,
    mqlsPerMonth: { current: 0, candidate: 0 },
  };
  const count = (c: ContactChange) => {
    s.changed++;
    for (const f of c.changed) s.byField[f]++;
    if (c.becomesMql) s.becomeMql++;
    if (c.losesMql) s.loseMql++;
    if (c.note) s.notes++;
  };
  return {
    add({ change, newMqlLastMonth }) {
      s.contacts++;
      if (change) count(change);
      if (newMqlLastMonth.current) s.mqlsPerMonth.current++;
      if (newMqlLastMonth.candidate) s.mqlsPerMonth.candidate++;
    },
    summary: () => structuredClone(s),
  };
}
