import { AsyncLocalStorage } from 'node:async_hooks';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema';

interface Unit {
  tx: Transaction<Database>;
  /** Contacts whose row lock this transaction holds already (lockContact). */
  locked: Set<string>;
}

const currentUnit = new AsyncLocalStorage<Unit>();

/**
 * A unit of work on PostgreSQL: the store calls made inside `fn` share one transaction, and every transaction they
 * open joins it. A contact's bookkeeping after its decision (decision and ledger, funnel, SLA) was five
 * transactions, each a BEGIN, a lock on the contact and a COMMIT: on this machine each statement costs the worker
 * ~0.3 ms of CPU in socket writes and PostgreSQL ~0.2 ms, which is what bound bench:e2e's split run. One
 * transaction also means the bookkeeping is kept whole or not at all.
 *
 * `fn` must not wait on anything slow (HubSpot): the transaction holds a pool connection and the contact's row
 * lock until it ends. Work that outlives `fn` must not start inside it: it would find the transaction ended.
 */
export function runUnitOfWork<T>(db: Kysely<Database>, fn: () => Promise<T>): Promise<T> {
  if (currentUnit.getStore()) return fn();
  return db.transaction().execute((tx) => currentUnit.run({ tx, locked: new Set() }, fn));
}

/**
 * `db` as the store's modules use it: outside a unit of work, `db` itself; inside one, the unit's transaction, and
 * `transaction().execute(f)` runs `f` in it (no store method catches a failed statement and carries on, so a
 * joined transaction fails as a whole exactly where a nested one would have).
 */
export function unitOfWorkAware(db: Kysely<Database>): Kysely<Database> {
  return new Proxy(db, {
    get(target, property) {
      const unit = currentUnit.getStore();
      if (unit && property === 'transaction') return () => joined(unit.tx);
      const base = unit ? unit.tx : target;
      const value: unknown = Reflect.get(base, property, base);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(base) : value;
    },
  });
}

/** A transaction builder that runs its callback in the unit's transaction (no isolation level: it joins one). */
function joined(tx: Transaction<Database>) {
  return { execute: <T>(f: (t: Transaction<Database>) => Promise<T>): Promise<T> => f(tx) };
}

/** True when `tx` already holds the contact's lock in this unit of work (and notes that it will from now on). */
export function lockedInUnit(tx: Transaction<Database>, key: string): boolean {
  const unit = currentUnit.getStore();
  if (!unit || unit.tx !== tx) return false;
  if (unit.locked.has(key)) return true;
  unit.locked.add(key);
  return false;
}
