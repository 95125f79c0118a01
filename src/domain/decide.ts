import type { ContactActivity, ContactSnapshot } from './contact-activity';
import { decideStage, type StageDecision } from './decide-stage';
import { explainDecision } from './explain-decision';
import { sumLines, type LedgerLine } from './ledger';
import type { StageOrder } from './lifecycle-stage';
import { indexActivities } from './match-activity';
import { readyToBuy } from './ready-to-buy';
import type { ContactLead } from './sales-acceptance';
import { scoreEngagement } from './score-engagement';
import { compileFitScorer } from './score-fit';
import type { Grade, MatrixCell, ScoringRules, Tactic } from './scoring-rules';

export interface DecisionData {
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
}

export interface Decision extends DecisionData {
  /** The note a salesperson reads in the CRM. */
  readonly explanation: string;
}

/** What the portal says beyond the contact's own properties; each part optional (HubSpot's defaults, no leads). */
export interface PortalFacts {
  /** The portal's lifecycle stages in its forward order (`lifecyclestage` options). */
  stages?: StageOrder;
  /** The contact's Sales Hub leads, when the rules read them and the portal has them. */
  leads?: readonly ContactLead[] | null;
}

export type DecideContact = (contact: ContactSnapshot, activities: readonly ContactActivity[], now: number, portal?: PortalFacts) => Decision;

export function matrixCell(ready: boolean, target: boolean): MatrixCell {
  if (ready) return target ? 'readyTarget' : 'readyNotTarget';
  return target ? 'notReadyTarget' : 'notReadyNotTarget';
}

/**
 * A decision whose note text is built only when read (storage, write-back): most recomputations change
 * nothing and should not pay for formatting. A class, not a per-object getter, keeps objects fast (bench:engine).
 */
class ExplainedDecision implements Decision {
  #explanation: string | undefined;
  readonly contactId: string;
  readonly configHash: string;
  readonly computedAt: number;
  readonly fit: DecisionData['fit'];
  readonly engagement: DecisionData['engagement'];
  readonly score: number;
  readonly ledger: LedgerLine[];
  readonly cell: MatrixCell;
  readonly tactic: Tactic;
  readonly stage: StageDecision;

  readonly #rules: ScoringRules;

  constructor(rules: ScoringRules, d: DecisionData) {
    this.#rules = rules;
    this.contactId = d.contactId;
    this.configHash = d.configHash;
    this.computedAt = d.computedAt;
    this.fit = d.fit;
    this.engagement = d.engagement;
    this.score = d.score;
    this.ledger = d.ledger;
    this.cell = d.cell;
    this.tactic = d.tactic;
    this.stage = d.stage;
  }

  get explanation(): string {
    return (this.#explanation ??= explainDecision(this, this.#rules));
  }

  toJSON(): DecisionData & { explanation: string } {
    return { ...this, explanation: this.explanation };
  }
}

/**
 * Compiles the rules once and returns the pure decision function: deterministic in (contact, activities,
 * now, portal facts), no I/O. `configHash` names the rules version in every ledger line and decision.
 */
export function createDecider(rules: ScoringRules, configHash: string): DecideContact {
  const scoreFit = compileFitScorer(rules.fit);
  return (contact, activities, now, portal = {}) => {
    const index = indexActivities(activities);
    const fit = scoreFit(contact, now);
    const engagement = scoreEngagement(rules.engagement, index, now);
    const ledger = [...fit.lines, ...engagement.lines];
    const score = sumLines(ledger);
    const ready = readyToBuy(rules.readyToBuy, index, engagement.score, now);
    const cell = matrixCell(ready.ready, fit.target);
    const tactic = rules.matrix[cell];
    const stage = decideStage(rules, { contact, activities: index, target: fit.target, ready: ready.ready, signalled: ready.signalled, score, stages: portal.stages, leads: portal.leads ?? null });
    return new ExplainedDecision(rules, {
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
    });
  };
}
