import { backoffDelay } from '../worker/backoff';
import { CrmError } from './crm-error';
import type { RateLimiter } from './rate-limiter';

export interface RetryOptions {
  attempts: number;
  baseMs: number;
  capMs: number;
  random?: () => number;
}

export const DEFAULT_RETRY: RetryOptions = { attempts: 4, baseMs: 500, capMs: 15_000 };

/**
 * Runs one CRM call inside the portal's limiter. A 429 pauses the whole portal for HubSpot's hint; 5xx and
 * network failures are retried with backoff and jitter; a validation, auth or not-found error never is.
 */
export async function callWithRetries<T>(limiter: RateLimiter, call: () => Promise<T>, options: RetryOptions = DEFAULT_RETRY): Promise<T> {
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt += 1) {
    await limiter.acquire();
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof CrmError) || !error.retryable || attempt >= options.attempts) throw error;
      const wait = error.details.retryAfterMs ?? backoffDelay(attempt, random(), { baseMs: options.baseMs, capMs: options.capMs });
      if (error.code === 'CRM.RATE_LIMITED') limiter.pause(wait);
      else await new Promise((r) => setTimeout(r, wait));
    }
  }
}
