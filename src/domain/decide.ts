import type { ContactActivity, ContactSnapshot } from './contact-activity';
import { decideStage, type StageDecision } from './decide-stage';
import { explainDecision } from './explain-decision';
import { sumLines, type LedgerLine } from './ledger';
import { readyToBuy } from './ready-to-buy';
import { scoreEngagement } from './score-engagement';
import { compileFitScorer } from './score-fit';
import type { Grade, MatrixCell, ScoringRules, Tactic } from './scoring-rules';

export interface Decision {
  contactId: string;
  configHash: string;
  computedAt: number;
  fit: { score: number; grade: Grade; target: boolean };
  engagement: { score: number; ready: boolean; readyReasons: string[] };
  /** fit + engagement; always the sum of `ledger`. */
  score: number;
  ledger: LedgerLine[];
  cell: MatrixCell;
  tactic: Tactic;
  stage: StageDecision;
  /** The note a salesperson reads in the CRM. */
  explanation: string;
}

export type DecideContact = (contact: ContactSnapshot, activities: readonly ContactActivity[], now: number) => Decision;

export function matrixCell(ready: boolean, target: boolean): MatrixCell {
  if (ready) return target ? 'readyTarget' : 'readyNotTarget';
  return target ? 'notReadyTarget' : 'notReadyNotTarget';
}

/**
 * Compiles the rules once and returns the pure decision function: deterministic in (contact, activities,
 * now), no I/O. `configHash` names the rules version in every ledger line and decision.
 */
export function createDecider(rules: ScoringRules, configHash: string): DecideContact {
  const scoreFit = compileFitScorer(rules.fit);
  return (contact, activities, now) => {
    const fit = scoreFit(contact, now);
    const engagement = scoreEngagement(rules.engagement, activities, now);
    const ledger = [...fit.lines, ...engagement.lines];
    const score = sumLines(ledger);
    const ready = readyToBuy(rules.readyToBuy, activities, engagement.score, now);
    const cell = matrixCell(ready.ready, fit.target);
    const tactic = rules.matrix[cell];
    const stage = decideStage(rules, { contact, activities, target: fit.target, ready: ready.ready, signalled: ready.signalled, score });
    const decision: Omit<Decision, 'explanation'> = {
      contactId: contact.id,
      configHash,
      computedAt: now,
      fit: { score: fit.score, grade: fit.grade, target: fit.target },
      engagement: { score: engagement.score, ready: ready.ready, readyReasons: ready.reasons },
      score,
      ledger,
      cell,
      tactic,
      stage,
    };
    return { ...decision, explanation: explainDecision(decision, rules) };
  };
}
