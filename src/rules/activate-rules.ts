import fs from 'node:fs';
import path from 'node:path';
import type { LoadedScoringConfig } from '../config/load-scoring-config';
import type { RulesVersionStore } from '../store/rules-version-store-port';

/** The text kept for a version: the validated rules, so the stored text hashes to the version's hash. */
export const rulesContent = (rules: LoadedScoringConfig) => JSON.stringify(rules.rules, null, 2);

/**
 * Makes `candidate` the rule set in force: records it as a new version, then puts it where the server reads its
 * rules (LEADLOOP_SCORING_CONFIG), by a rename in the same directory so no reader ever sees half a file. The file
 * stays the one source every command reads (`config check`, `manifest`, `doctor`, the server); the store keeps the
 * history. A running server picks the version up at its next start.
 */
export async function activateRules(o: { store: RulesVersionStore; candidate: LoadedScoringConfig; activeFile: string; author: string; now: number }): Promise<void> {
  await o.store.recordRulesVersion({ hash: o.candidate.hash, content: rulesContent(o.candidate), appliedAt: o.now, author: o.author });
  if (path.resolve(o.candidate.file) === path.resolve(o.activeFile)) return;
  const tmp = path.join(path.dirname(path.resolve(o.activeFile)), `.${path.basename(o.activeFile)}.${process.pid}.tmp`);
  fs.copyFileSync(o.candidate.file, tmp);
  fs.renameSync(tmp, o.activeFile);
}

/**
 * At start: the rules the server runs are a recorded version. A file edited by hand (not through `rules apply`)
 * becomes a new version from this start, so the dashboard's "rules in force since" tells the truth.
 */
export async function recordRulesInForce(store: RulesVersionStore, rules: LoadedScoringConfig, now: number, author = 'leadloop start (rules file changed outside `rules apply`)'): Promise<void> {
  const latest = await store.latestRulesVersion();
  if (latest?.hash === rules.hash) return;
  await store.recordRulesVersion({ hash: rules.hash, content: rulesContent(rules), appliedAt: now, author });
}

/** What the report shows: the version the server runs and since when. */
export function rulesInForce(store: RulesVersionStore, hash: string): () => Promise<{ version: string; since: string | null }> {
  return async () => {
    const v = await store.rulesVersionOf(hash);
    return { version: hash, since: v ? new Date(v.appliedAt).toISOString() : null };
  };
}
