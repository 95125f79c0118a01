import type { ContactActivity } from './contact-activity';
import { daysToMs } from './decay';
import { describeActivity, matchingActivities, type ActivityIndex } from './match-activity';
import type { ScoringRules } from './scoring-rules';

export interface ReadyResult {
  ready: boolean;
  /** Why, in words: the signals seen, or the engagement score that crossed the line. */
  reasons: string[];
  /** A signal seen (not only a high engagement score): e.g. a demo request promotes a target lead at once. */
  signalled: boolean;
}

export function readyToBuy(rules: ScoringRules['readyToBuy'], activities: ActivityIndex, engagementScore: number, now: number): ReadyResult {
  const reasons: string[] = [];
  for (const signal of rules.signals) {
    const recent = matchingActivities(signal.event, activities).filter((a) => now - a.at <= daysToMs(signal.withinDays));
    const latest = recent.reduce<ContactActivity | undefined>((best, a) => (best && best.at >= a.at ? best : a), undefined);
    if (latest) reasons.push(`${signal.description}: ${describeActivity(latest)}`);
  }
  const signalled = reasons.length > 0;
  if (rules.engagementThreshold !== undefined && engagementScore >= rules.engagementThreshold) {
    reasons.push(`engagement score ${engagementScore} ≥ ${rules.engagementThreshold}`);
  }
  return { ready: reasons.length > 0, reasons, signalled };
}
