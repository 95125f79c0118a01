import { parseScoringConfig, type LoadedScoringConfig } from '../config/load-scoring-config';
import { createDecider } from '../domain/decide';
import type { RuleSet } from '../domain/diff-contact';
import type { Store } from '../store/store-port';
import { activateRules, recordRulesInForce } from './activate-rules';
import { rescoreChanged, type RescoreOptions, type RescoreResult } from './rescore-changed';

export type LoadedRuleSet = RuleSet & { loaded: LoadedScoringConfig };

export const ruleSetOf = (loaded: LoadedScoringConfig): LoadedRuleSet => ({ rules: loaded.rules, hash: loaded.hash, decide: createDecider(loaded.rules, loaded.hash), loaded });

export interface ApplyRulesOptions extends Omit<RescoreOptions, 'store' | 'current' | 'candidate'> {
  store: Store;
  /** The rules in force (the active file), and the candidate. */
  current: LoadedRuleSet;
  candidate: LoadedRuleSet;
  activeFile: string;
  author: string;
}

export type ApplyRulesResult = RescoreResult & { resumed: boolean; from: string };

/**
 * `leadloop rules apply`: records the candidate as the version in force, copies it to the active file, then
 * re-scores the contacts it changes. When the candidate is already in force (an earlier apply that died part-way,
 * or one run with another `--portal`), it resumes: it compares against the version in force before it (its text is
 * in the ledger) and re-scores the changed contacts not yet decided under it. Null: nothing to apply or resume.
 */
export async function applyRules(o: ApplyRulesOptions): Promise<ApplyRulesResult | null> {
  const { store, current, candidate, activeFile, author, ...rescore } = o;
  if (current.hash !== candidate.hash) {
    // The version being replaced is recorded first, so that a resumed run can read it back.
    await recordRulesInForce(store, current.loaded, o.now, `${author} (rules in force before \`rules apply\`)`);
    await activateRules({ store, candidate: candidate.loaded, activeFile, author, now: o.now });
    return { ...(await rescoreChanged({ ...rescore, store, current, candidate })), resumed: false, from: current.hash };
  }
  const before = await store.rulesVersionBefore(candidate.hash);
  if (!before) return null;
  const previous = ruleSetOf(parseScoringConfig(JSON.parse(before.content) as unknown, `rules version ${before.hash}`));
  return { ...(await rescoreChanged({ ...rescore, store, current: previous, candidate })), resumed: true, from: previous.hash };
}
