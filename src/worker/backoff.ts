export interface BackoffOptions {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1000, capMs: 60 * 60 * 1000 };

/**
 * Exponential backoff with "equal jitter": half the window fixed, half random, so a burst of failures
 * does not come back as a burst. `attempt` counts failures so far (1 for the first). `random` is in [0, 1).
 */
export function backoffDelay(attempt: number, random: number, { baseMs, capMs }: BackoffOptions = DEFAULT_BACKOFF): number {
  const window = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(window / 2 + (random * window) / 2);
}
