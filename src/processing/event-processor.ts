import type { StoredEvent } from '../store/store-port';

/** All claimed events of one subject (e.g. one contact), in occurredAt order. */
export interface EventGroup {
  subjectKey: string;
  portalId: number;
  events: readonly StoredEvent[];
}

/**
 * The seam the worker calls. The scoring engine and the CRM write-back plug in here. A processor must be
 * idempotent per event: after a crash the same group may be handed over again.
 * Throw an error with `retryable: false` for what no retry can fix; it is parked as a dead letter at once.
 */
export interface EventProcessor {
  process(group: EventGroup): Promise<void>;
  /** Optional: sees every group of a claim first, e.g. to ask the CRM for all their contacts in one batch. */
  prepare?(groups: readonly EventGroup[]): void;
  /**
   * Optional: waits for work `process` started but did not wait for (e.g. batched CRM writes), so many groups
   * share one batch. Returns the error of each subject whose work failed; those events are retried.
   * `subjects`: only the work of these subjects (one claim, while the next claim is already being processed);
   * all of it when omitted.
   */
  settle?(subjects?: ReadonlySet<string>): Promise<Map<string, unknown>>;
}

export function isRetryable(error: unknown): boolean {
  return !(typeof error === 'object' && error !== null && (error as { retryable?: unknown }).retryable === false);
}
