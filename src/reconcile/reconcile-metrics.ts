/** What a reconciliation round reports (`/metrics`); the plain calls src/http/metrics.ts implements. */
export interface ReconcileMetrics {
  /** One round, by outcome: complete, bounded (stopped at its page limit), skipped (another holds the lease), failed. */
  round(outcome: 'complete' | 'bounded' | 'skipped' | 'failed'): void;
  /** Objects whose missed changes were queued for a new decision. */
  healed(object: 'contacts' | 'deals', n: number): void;
  /** The portal's watermark after the round (ms). */
  watermark(portalId: number, object: 'contacts' | 'deals', at: number): void;
}
