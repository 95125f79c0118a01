import type { DecisionData } from './decide';

/** What a person sees of a decision: the whole-point score HubSpot holds, the grade, the cell, the stage, the tactic. */
export interface DecisionView {
  score: number;
  grade: string;
  cell: string;
  stage: string;
  tactic: string;
  /** The rules' MQL verdict (qualifiesForMql), independent of the stage already held. */
  mql: boolean;
}

export type ChangedField = 'score' | 'grade' | 'cell' | 'stage' | 'tactic';

export interface ContactChange {
  contactId: string;
  before: DecisionView;
  after: DecisionView;
  changed: ChangedField[];
  becomesMql: boolean;
  losesMql: boolean;
  /** The candidate moves the stage forward to somewhere the current rules do not: one note would be written. */
  note: boolean;
}

const FIELDS: readonly ChangedField[] = ['score', 'grade', 'cell', 'stage', 'tactic'];

function viewOf(d: DecisionData, mql: boolean): DecisionView {
  // Rounded as the write-back rounds it: a change of a fraction of a point writes nothing, so it is no change.
  return { score: Math.round(d.score), grade: d.fit.grade, cell: d.cell, stage: d.stage.to, tactic: d.tactic.name, mql };
}

/**
 * The same contact decided under the current rules (`before`) and a candidate (`after`), at the same time and on
 * the same facts; null when nothing a person would see differs.
 */
export function compareDecisions(before: DecisionData, after: DecisionData, mql: { before: boolean; after: boolean }): ContactChange | null {
  const b = viewOf(before, mql.before);
  const a = viewOf(after, mql.after);
  const changed = FIELDS.filter((f) => b[f] !== a[f]);
  if (changed.length === 0 && b.mql === a.mql) return null;
  return {
    contactId: before.contactId,
    before: b,
    after: a,
    changed,
    becomesMql: !b.mql && a.mql,
    losesMql: b.mql && !a.mql,
    note: after.stage.changed && after.stage.to !== before.stage.to,
  };
}
