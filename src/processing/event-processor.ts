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
}

export function isRetryable(error: unknown): boolean {
  return !(typeof error === 'object' && error !== null && (error as { retryable?: unknown }).retryable === false);
}
