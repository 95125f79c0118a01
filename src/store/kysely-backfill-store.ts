import type { Kysely } from 'kysely';
import type { BackfillStore } from './backfill-store-port';
import type { Database } from './schema';

export function createKyselyBackfillStore(db: Kysely<Database>): BackfillStore {
  return {
    async getBackfillCheckpoint(portalId) {
      const r = await db.selectFrom('backfill_checkpoints').selectAll().where('portal_id', '=', portalId).executeTakeFirst();
      if (!r) return null;
      return { portalId: Number(r.portal_id), lastContactId: r.last_contact_id, done: Number(r.done), total: Number(r.total), status: r.status, startedAt: Number(r.started_at), updatedAt: Number(r.updated_at) };
    },
    async saveBackfillCheckpoint(c) {
      const values = { last_contact_id: c.lastContactId, done: c.done, total: c.total, status: c.status, started_at: c.startedAt, updated_at: c.updatedAt };
      await db
        .insertInto('backfill_checkpoints')
        .values({ portal_id: c.portalId, ...values })
        .onConflict((oc) => oc.column('portal_id').doUpdateSet(values))
        .execute();
    },
    async clearBackfillCheckpoint(portalId) {
      await db.deleteFrom('backfill_checkpoints').where('portal_id', '=', portalId).execute();
    },
  };
}
