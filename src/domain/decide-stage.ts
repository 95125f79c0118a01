import type { ContactSnapshot } from './contact-activity';
import type { ActivityIndex } from './match-activity';
import { DEFAULT_STAGE_ORDER, isDefaultStage, stageLabel, stageRank, STAGE_LABELS, type LifecycleStage, type StageOrder } from './lifecycle-stage';
import { salesAcceptance, type ContactLead } from './sales-acceptance';
import { isDisqualified } from './qualifies-for-mql';
import type { ScoringRules } from './scoring-rules';

export interface StageInputs {
  contact: ContactSnapshot;
  activities: ActivityIndex;
  target: boolean;
  ready: boolean;
  signalled: boolean;
  score: number;
  /** The portal's lifecycle stages in its forward order (HubSpot's defaults when not known). */
  stages?: StageOrder;
  /** The contact's Sales Hub leads; null when not read (the portal does not use them, or the rules do not ask). */
  leads?: readonly ContactLead[] | null;
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

/**
 * The stage the contact should now have. Forward only (HubSpot's rule); stages leadloop does not own
 * ('other', portal-defined ones) are left alone.
 */
export function decideStage(rules: ScoringRules, x: StageInputs): StageDecision {
  const from = (x.contact.properties.lifecyclestage ?? '').trim();
  const props = x.contact.properties;
  const order = x.stages ?? DEFAULT_STAGE_ORDER;
  const currentRank = from === '' ? -1 : stageRank(from, order);
  if (currentRank === null) {
    return { from, to: from, changed: false, reason: `lifecycle stage "${from}" is not one leadloop manages; left as it is` };
  }
  // A stage the portal added: leadloop knows where it sits, not what it means, so it stays unless the rules say
  // leadloop may move contacts on from it.
  if (from !== '' && !isDefaultStage(from) && !(rules.lifecycle.advanceFromStages ?? []).includes(from)) {
    return { from, to: from, changed: false, reason: `custom lifecycle stage "${from}" has no rule in lifecycle.advanceFromStages; left as it is` };
  }
  const proposals: Proposal[] = [];
  const { lifecycle } = rules;
  if (x.activities.form_submitted.length > 0) proposals.push({ stage: 'lead', reason: 'submitted a form' });

  if (!isDisqualified(rules, props)) {
    if (x.target && x.ready) {
      proposals.push({ stage: 'marketingqualifiedlead', reason: x.signalled ? 'target profile with a buying signal' : 'target profile and ready to buy' });
    } else if (x.score >= rules.mqlThreshold) {
      proposals.push({ stage: 'marketingqualifiedlead', reason: `score ${x.score} reached the MQL threshold ${rules.mqlThreshold}` });
    }
  }
  const accepted = salesAcceptance(lifecycle.salesAccepted, props, x.leads ?? null);
  if (accepted) proposals.push({ stage: 'salesqualifiedlead', reason: accepted });
  if (x.activities.deal_associated.length > 0) proposals.push({ stage: 'opportunity', reason: 'a deal was associated' });
  const won = x.activities.deal_won.length > 0;
  if (won) proposals.push({ stage: 'customer', reason: 'a deal was closed won' });
  if (lifecycle.promoter && (won || from === 'customer' || from === 'evangelist')) {
    const value = Number(props[lifecycle.promoter.property]);
    if (Number.isFinite(value) && props[lifecycle.promoter.property] !== '' && value >= lifecycle.promoter.min) {
      proposals.push({ stage: 'evangelist', reason: `a promoter (${lifecycle.promoter.property} = ${value})` });
    }
  }

  // Ranked by the portal's order; a default stage the portal removed is never proposed.
  const ranked = proposals.flatMap((p) => {
    const rank = stageRank(p.stage, order);
    return rank === null ? [] : [{ ...p, rank }];
  });
  const best = ranked.reduce<(Proposal & { rank: number }) | null>((top, p) => (top && top.rank >= p.rank ? top : p), null);
  if (best && best.rank > currentRank) {
    return { from, to: best.stage, changed: true, reason: `${STAGE_LABELS[best.stage]}: ${best.reason}` };
  }
  const stay = from === '' ? 'no lifecycle stage yet' : `stays ${stageLabel(from)}`;
  return { from, to: from, changed: false, reason: best ? `${stay} (stages only move forward)` : stay };
}
