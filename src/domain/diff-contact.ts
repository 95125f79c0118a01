import type { ContactActivity, ContactSnapshot } from './contact-activity';
import { compareDecisions, type ContactChange } from './compare-decisions';
import type { DecideContact, Decision, PortalFacts } from './decide';
import { qualifiesForMql } from './qualifies-for-mql';
import type { ScoringRules } from './scoring-rules';

/** A rule set ready to decide: the rules, their version and the compiled decision function. */
export interface RuleSet {
  rules: ScoringRules;
  hash: string;
  decide: DecideContact;
}

export const MONTH_MS = 30 * 24 * 60 * 60 * 1000;

export interface ContactDiff {
  change: ContactChange | null;
  /** The decision under the candidate (what `rules apply` stores and writes back). */
  after: Decision;
  /** Became an MQL through last month's traffic, under each rule set (see newMqlLastMonth). */
  newMqlLastMonth: { current: boolean; candidate: boolean };
}

/**
 * An MQL of the last 30 days: qualifies now, did not qualify 30 days ago on the activity it had then, and had
 * activity since. Properties have no history in the store, so both moments read today's properties: the figure is
 * the MQL flow last month's traffic would make under a rule set, not a replay of the past.
 */
function newMqlLastMonth(set: RuleSet, contact: ContactSnapshot, activities: readonly ContactActivity[], now: Decision, at: number, portal?: PortalFacts): boolean {
  if (!qualifiesForMql(set.rules, contact.properties, now)) return false;
  const start = at - MONTH_MS;
  const earlier = activities.filter((a) => a.at < start);
  if (earlier.length === activities.length) return false;
  return !qualifiesForMql(set.rules, contact.properties, set.decide(contact, earlier, start, portal));
}

/** One contact under both rule sets at one `now`: pure, so 100,000 contacts are a CPU loop (bench:rules-diff). */
export function diffContact(current: RuleSet, candidate: RuleSet, contact: ContactSnapshot, activities: readonly ContactActivity[], now: number, portal?: PortalFacts): ContactDiff {
  const before = current.decide(contact, activities, now, portal);
  const after = candidate.decide(contact, activities, now, portal);
  const mql = { before: qualifiesForMql(current.rules, contact.properties, before), after: qualifiesForMql(candidate.rules, contact.properties, after) };
  return {
    change: compareDecisions(before, after, mql),
    after,
    newMqlLastMonth: {
      current: newMqlLastMonth(current, contact, activities, before, now, portal),
      candidate: newMqlLastMonth(candidate, contact, activities, after, now, portal),
    },
  };
}
