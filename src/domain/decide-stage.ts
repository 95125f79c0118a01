import type { ContactSnapshot } from './contact-activity';
import type { ActivityIndex } from './match-activity';
import { LIFECYCLE_ORDER, stageRank, STAGE_LABELS, type LifecycleStage } from './lifecycle-stage';
import type { ScoringRules } from './scoring-rules';

export interface StageInputs {
  contact: ContactSnapshot;
  activities: ActivityIndex;
  target: boolean;
  ready: boolean;
  signalled: boolean;
  score: number;
}

export interface StageDecision {
  from: string;
  to: string;
  changed: boolean;
  /** Why the stage is what it is, one sentence. */
  reason: string;
}

interface Proposal {
  stage: LifecycleStage;
  reason: string;
}

const norm = (v: string | null | undefined) => (v ?? '').trim().toUpperCase();

/**
 * The stage the contact should now have. Forward only (HubSpot's rule); stages leadloop does not own
 * ('other', portal-defined ones) are left alone.
 */
export function decideStage(rules: ScoringRules, x: StageInputs): StageDecision {
  const from = (x.contact.properties.lifecyclestage ?? '').trim();
  const props = x.contact.properties;
  const currentRank = from === '' ? -1 : stageRank(from);
  if (currentRank === null) {
    return { from, to: from, changed: false, reason: `lifecycle stage "${from}" is not one leadloop manages; left as it is` };
  }
  const proposals: Proposal[] = [];
  const { lifecycle } = rules;
  if (x.activities.form_submitted.length > 0) proposals.push({ stage: 'lead', reason: 'submitted a form' });

  const disqualified = lifecycle.disqualified.values.map(norm).includes(norm(props[lifecycle.disqualified.property]));
  if (!disqualified) {
    if (x.target && x.ready) {
      proposals.push({ stage: 'marketingqualifiedlead', reason: x.signalled ? 'target profile with a buying signal' : 'target profile and ready to buy' });
    } else if (x.score >= rules.mqlThreshold) {
      proposals.push({ stage: 'marketingqualifiedlead', reason: `score ${x.score} reached the MQL threshold ${rules.mqlThreshold}` });
    }
  }
  const leadStatus = norm(props[lifecycle.salesAccepted.property]);
  if (lifecycle.salesAccepted.values.map(norm).includes(leadStatus)) {
    proposals.push({ stage: 'salesqualifiedlead', reason: `sales accepted the lead (${lifecycle.salesAccepted.property} = ${leadStatus})` });
  }
  if (x.activities.deal_associated.length > 0) proposals.push({ stage: 'opportunity', reason: 'a deal was associated' });
  const won = x.activities.deal_won.length > 0;
  if (won) proposals.push({ stage: 'customer', reason: 'a deal was closed won' });
  if (lifecycle.promoter && (won || from === 'customer' || from === 'evangelist')) {
    const value = Number(props[lifecycle.promoter.property]);
    if (Number.isFinite(value) && props[lifecycle.promoter.property] !== '' && value >= lifecycle.promoter.min) {
      proposals.push({ stage: 'evangelist', reason: `a promoter (${lifecycle.promoter.property} = ${value})` });
    }
  }

  const best = proposals.reduce<Proposal | null>((top, p) => (top && stageRank(top.stage)! >= stageRank(p.stage)! ? top : p), null);
  if (best && stageRank(best.stage)! > currentRank) {
    return { from, to: best.stage, changed: true, reason: `${STAGE_LABELS[best.stage]}: ${best.reason}` };
  }
  const stay = from === '' ? 'no lifecycle stage yet' : `stays ${STAGE_LABELS[LIFECYCLE_ORDER[currentRank]!]}`;
  return { from, to: from, changed: false, reason: best ? `${stay} (stages only move forward)` : stay };
}
