export interface RulesVersion {
  /** The rules hash stamped on every ledger line (load-scoring-config.ts). */
  hash: string;
  appliedAt: number;
  author: string;
}

/** The rule sets made active over time (`leadloop rules apply`, or a start on a changed rules file). */
export interface RulesVersionStore {
  recordRulesVersion(v: RulesVersion & { content: string }): Promise<void>;
  /** The latest record of this hash: since when the version in force has been in force; null if never recorded. */
  rulesVersionOf(hash: string): Promise<RulesVersion | null>;
  latestRulesVersion(): Promise<RulesVersion | null>;
  /**
   * The version that was in force before `hash` last became active (the latest record of another hash before it),
   * with its text: what a resumed `rules apply` compares against. Null if `hash` was never recorded or was the first.
   */
  rulesVersionBefore(hash: string): Promise<(RulesVersion & { content: string }) | null>;
}
