import type { ContactSnapshot } from './contact-activity';
import type { ScoringRules } from './scoring-rules';

const norm = (v: string | null | undefined) => (v ?? '').trim().toUpperCase();

/** The contact's `lifecycle.disqualified` property holds one of the values that rule out an MQL. */
export function isDisqualified(rules: ScoringRules, properties: ContactSnapshot['properties']): boolean {
  const { disqualified } = rules.lifecycle;
  return disqualified.values.map(norm).includes(norm(properties[disqualified.property]));
}

/**
 * The rules' own verdict on MQL, whatever stage the contact already holds: a target profile ready to buy, or a
 * score at the threshold, unless disqualified. Stages only move forward, so a rule change can take this verdict
 * away without moving the stage; `rules diff` counts that as losing MQL status.
 */
export function qualifiesForMql(rules: ScoringRules, properties: ContactSnapshot['properties'], d: { fit: { target: boolean }; engagement: { ready: boolean }; score: number }): boolean {
  if (isDisqualified(rules, properties)) return false;
  return (d.fit.target && d.engagement.ready) || d.score >= rules.mqlThreshold;
}
