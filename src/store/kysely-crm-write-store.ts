import { sql, type Kysely } from 'kysely';
import { CRM_WRITE_IN_FLIGHT_MS, type CrmWriteStore } from './crm-write-store-port';
import { precompiled } from './precompiled-query';
import type { Database } from './schema';

// Built once (precompiled-query.ts): one per note the worker writes.
const insertPendingWrite = precompiled((db: Kysely<Database>, key: string, portalId: number, contactId: string, kind: string, payload: string | null, now: number) =>
  db
    .insertInto('crm_writes')
    .values({ write_key: key, portal_id: portalId, contact_id: contactId, kind, status: 'pending', crm_id: null, payload, created_at: now, updated_at: now })
    .onConflict((oc) => oc.column('write_key').doNothing()),
);

export function createKyselyCrmWriteStore(db: Kysely<Database>): CrmWriteStore {
  const confirmCrmWrites: CrmWriteStore['confirmCrmWrites'] = async (confirmed, now) => {
    if (confirmed.length === 0) return;
    // A batch's notes in one statement, each its own id (a statement per note was a round trip each on PostgreSQL).
    await db
      .updateTable('crm_writes')
      .set({ status: 'done', crm_id: sql<string>`case write_key ${sql.join(confirmed.map((c) => sql`when ${c.key} then ${c.crmId}`), sql` `)} end`, payload: null, updated_at: now })
      .where(
        'write_key',
        'in',
        confirmed.map((c) => c.key),
      )
      .execute();
  };
  return {
    async beginCrmWrite(key, portalId, contactId, kind, now, payload) {
      const inserted = await insertPendingWrite(db, key, portalId, contactId, kind, payload ?? null, now);
      if (Number(inserted.numAffectedRows ?? 0) > 0) return 'new';
      // A pending write is taken up again by one caller only, and only if nobody has it in flight: never taken up
      // since it was recorded (its first writer's contact update failed, or it crashed), or taken up so long ago
      // that its taker died. The update's condition is the lock (on PostgreSQL a second caller waits for the first's
      // row, then finds it touched): two takers, on two instances, would each look for the note in HubSpot, find
      // nothing yet and both write it (test/pg/note-retake-across-instances.test.ts). Touched after it was
      // recorded, even within the same millisecond, so that the sweep and other replays see it taken.
      const retaken = await db
        .updateTable('crm_writes')
        .set((eb) => ({ updated_at: eb.case().when('created_at', '>=', now).then(eb('created_at', '+', 1)).else(now).end() }))
        .where('write_key', '=', key)
        .where('status', '=', 'pending')
        .where((eb) => eb.or([eb('updated_at', '=', eb.ref('created_at')), eb('updated_at', '<', now - CRM_WRITE_IN_FLIGHT_MS)]))
        .executeTakeFirst();
      if (Number(retaken.numUpdatedRows) === 1) return 'pending';
      const row = await db.selectFrom('crm_writes').select('status').where('write_key', '=', key).executeTakeFirstOrThrow();
      return row.status === 'done' ? 'done' : 'taken';
    },

    confirmCrmWrite: (key, crmId, now) => confirmCrmWrites([{ key, crmId }], now),

    confirmCrmWrites,

    async takeStalePendingWrites(kind, before, now, limit) {
      // One statement, its condition the lock: every instance sweeps, and a read of the stale rows then an update
      // (as here before) let two sweeps both take a note and both write it (test/pg/note-sweep-across-instances.test.ts).
      // On PostgreSQL a second sweep's update waits for the rows the first is marking, then checks its condition
      // against them as committed (touched now: no longer stale) and passes them over.
      const rows = await db
        .updateTable('crm_writes')
        .set({ updated_at: now })
        .where('write_key', 'in', (eb) =>
          eb.selectFrom('crm_writes').select('write_key').where('status', '=', 'pending').where('kind', '=', kind).where('updated_at', '<', before).orderBy('updated_at').limit(limit),
        )
        .where('status', '=', 'pending')
        .where('kind', '=', kind)
        .where('updated_at', '<', before)
        .returning(['write_key', 'portal_id', 'contact_id', 'payload', 'created_at'])
        .execute();
      // Oldest first, as they were recorded (an update's rows come back in no set order).
      rows.sort((x, y) => Number(x.created_at) - Number(y.created_at) || x.write_key.localeCompare(y.write_key));
      return rows.map((r) => ({ key: r.write_key, portalId: Number(r.portal_id), contactId: r.contact_id, payload: r.payload }));
    },

    async confirmedNotesOf(portalId, contactId) {
      const rows = await db
        .selectFrom('crm_writes')
        .select(['write_key', 'crm_id'])
        .where('portal_id', '=', portalId)
        .where('contact_id', '=', contactId)
        .where('kind', '=', 'note')
        .where('status', '=', 'done')
        .where('crm_id', 'is not', null)
        .orderBy('created_at')
        .execute();
      return rows.flatMap((r) => (r.crm_id === null ? [] : [{ key: r.write_key, crmId: r.crm_id }]));
    },
  };
}
