import type { Kysely, Transaction } from 'kysely';
import { precompiled } from './precompiled-query';
import type { Database } from './schema';
import { lockedInUnit } from './unit-of-work';

/**
 * Holds a contact's row lock to the end of the transaction, with an update that changes nothing (portable: no
 * FOR UPDATE, which SQLite lacks). For a contact's read-then-write bookkeeping (its SLA, its decision, its funnel)
 * that two writers can do at once on PostgreSQL: the worker and the card's "Re-score now", outside the queue, on
 * any instance. The second waits for the first's commit, and its reads after the lock (new statements, READ
 * COMMITTED) see what the first wrote. The row exists once anything was applied to the contact, which scoring does
 * first (applyContactChanges); without it there is nothing to lock. On SQLite, writes are serialized anyway.
 */
const touchContactRow = precompiled((db: Kysely<Database>, portalId: number, contactId: string) =>
  db
    .updateTable('contacts')
    .set((eb) => ({ updated_at: eb.ref('updated_at') }))
    .where('portal_id', '=', portalId)
    .where('contact_id', '=', contactId),
);

export async function lockContact(tx: Transaction<Database>, portalId: number, contactId: string): Promise<void> {
  // In a unit of work the lock is held to its end: taken once.
  if (lockedInUnit(tx, `${portalId}:${contactId}`)) return;
  await touchContactRow(tx, portalId, contactId);
}
