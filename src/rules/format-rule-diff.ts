import type { ContactChange } from '../domain/compare-decisions';
import type { RuleDiffSummary } from '../domain/rule-diff-summary';
import { csvRow } from './csv-cell';

export type DiffFormat = 'table' | 'json' | 'csv';

export interface DiffHeader {
  current: string;
  candidate: string;
  at: number;
}

/** A change as the JSON output carries it. */
export const changeJson = (portalId: number, c: ContactChange) => ({ portalId, ...c });

export const CSV_HEADER = csvRow([
  'portal_id', 'contact_id', 'changed',
  'score_before', 'score_after', 'grade_before', 'grade_after', 'cell_before', 'cell_after',
  'stage_before', 'stage_after', 'tactic_before', 'tactic_after', 'mql_before', 'mql_after', 'note',
]);

export const csvLine = (portalId: number, c: ContactChange): string =>
  csvRow([
    portalId, c.contactId, c.changed.join(' '),
    c.before.score, c.after.score, c.before.grade, c.after.grade, c.before.cell, c.after.cell,
    c.before.stage, c.after.stage, c.before.tactic, c.after.tactic, c.before.mql, c.after.mql, c.note,
  ]);

const arrow = <T>(a: T, b: T) => (a === b ? String(a) : `${String(a)} → ${String(b)}`);
const stage = (s: string) => s || '(none)';

export const tableLine = (portalId: number, c: ContactChange): string =>
  [
    `${String(portalId).padEnd(10)} ${c.contactId.padEnd(12)}`,
    `score ${arrow(c.before.score, c.after.score)}`,
    `grade ${arrow(c.before.grade, c.after.grade)}`,
    arrow(c.before.cell, c.after.cell),
    `stage ${arrow(stage(c.before.stage), stage(c.after.stage))}`,
    arrow(c.before.tactic, c.after.tactic),
    c.becomesMql ? 'becomes MQL' : c.losesMql ? 'loses MQL (keeps its stage)' : '',
  ]
    .filter(Boolean)
    .join('  ');

export function summaryLines(h: DiffHeader, s: RuleDiffSummary): string[] {
  return [
    `rules ${h.current} → ${h.candidate}, scored at ${new Date(h.at).toISOString()}`,
    `${s.changed} of ${s.contacts} contact(s) change (score ${s.byField.score}, grade ${s.byField.grade}, cell ${s.byField.cell}, stage ${s.byField.stage}, tactic ${s.byField.tactic})`,
    `${s.becomeMql} become MQL, ${s.loseMql} lose MQL status (their stage stays: stages only move forward)`,
    `MQLs per month at last month's traffic: ${s.mqlsPerMonth.current} now, ${s.mqlsPerMonth.candidate} with the candidate`,
    `${s.notes} note(s) would be written (one per forward stage change)`,
  ];
}
