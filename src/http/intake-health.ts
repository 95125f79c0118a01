import { randomUUID } from 'node:crypto';
import type { Store } from '../store/store-port';

/**
 * Whether the intake can commit. The webhook route reports each delivery's commit; a failure (a full disk, a
 * read-only file system) stays visible to `/readyz` until a commit succeeds again: a delivery's, or the cheap
 * write probe `/readyz` runs while the failure stands (an instance taken out of rotation would otherwise never
 * receive the delivery that proves it recovered).
 */
export interface IntakeHealth {
  committed(): void;
  failed(at: number): void;
  /** Null when the intake can commit; otherwise since when it could not. Runs the probe only after a failure. */
  check(): Promise<{ failingSince: number } | null>;
}

export function createIntakeHealth(probe: () => Promise<void>): IntakeHealth {
  let failingSince: number | null = null;
  let failures = 0;
  return {
    committed() {
      failingSince = null;
    },
    failed(at) {
      failures += 1;
      failingSince ??= at;
    },
    async check() {
      if (failingSince === null) return null;
      const before = failures;
      try {
        await probe();
      } catch {
        return failingSince === null ? null : { failingSince };
      }
      // The probe committed: recovered, unless a delivery failed while it ran.
      if (failures === before) failingSince = null;
      return failingSince === null ? null : { failingSince };
    },
  };
}

/** A write through the store, as small as one can be: a lease row of its own, taken and released. */
export function storeWriteProbe(store: Pick<Store, 'takeLease' | 'releaseLease'>, now: () => number = Date.now): () => Promise<void> {
  const name = `readyz-write-probe:${randomUUID()}`;
  return async () => {
    await store.takeLease(name, name, now(), 60_000);
    await store.releaseLease(name, name);
  };
}
