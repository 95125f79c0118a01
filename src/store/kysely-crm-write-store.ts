import type { Kysely } from 'kysely';
import type { CrmWriteStore } from './crm-write-store-port';
import type { Database } from './schema';

export function createKyselyCrmWriteStore(db: Kysely<Database>): CrmWriteStore {
  return {
    async beginCrmWrite(key, portalId, contactId, kind, now, payload) {
      const inserted = await db
        .insertInto('crm_writes')
        .values({ write_key: key, portal_id: portalId, contact_id: contactId, kind, status: 'pending', crm_id: null, payload: payload ?? null, created_at: now, updated_at: now })
        .onConflict((oc) => oc.column('write_key').doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) return 'new';
      const row = await db.selectFrom('crm_writes').select('status').where('write_key', '=', key).executeTakeFirstOrThrow();
      // A pending write taken up again is in flight from now: the sweep, which finishes writes untouched for a while,
      // must not send it a second time alongside.
      if (row.status === 'pending') await db.updateTable('crm_writes').set({ updated_at: now }).where('write_key', '=', key).where('status', '=', 'pending').where('updated_at', '<', now).execute();
      return row.status;
    },

    async confirmCrmWrite(key, crmId, now) {
      await db.updateTable('crm_writes').set({ status: 'done', crm_id: crmId, payload: null, updated_at: now }).where('write_key', '=', key).execute();
    },

    async takeStalePendingWrites(kind, before, now, limit) {
      return db.transaction().execute(async (tx) => {
        const rows = await tx
          .selectFrom('crm_writes')
          .select(['write_key', 'portal_id', 'contact_id', 'payload'])
          .where('status', '=', 'pending')
          .where('kind', '=', kind)
          .where('updated_at', '<', before)
          .orderBy('updated_at')
          .limit(limit)
          .execute();
        if (rows.length > 0) await tx.updateTable('crm_writes').set({ updated_at: now }).where('write_key', 'in', rows.map((r) => r.write_key)).execute();
        return rows.map((r) => ({ key: r.write_key, portalId: Number(r.portal_id), contactId: r.contact_id, payload: r.payload }));
      });
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
