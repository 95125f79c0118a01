import type { Kysely } from 'kysely';
import type { CrmWriteStore } from './crm-write-store-port';
import type { Database } from './schema';

export function createKyselyCrmWriteStore(db: Kysely<Database>): CrmWriteStore {
  return {
    async beginCrmWrite(key, portalId, contactId, kind, now) {
      const inserted = await db
        .insertInto('crm_writes')
        .values({ write_key: key, portal_id: portalId, contact_id: contactId, kind, status: 'pending', crm_id: null, created_at: now, updated_at: now })
        .onConflict((oc) => oc.column('write_key').doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) return 'new';
      const row = await db.selectFrom('crm_writes').select('status').where('write_key', '=', key).executeTakeFirstOrThrow();
      return row.status;
    },

    async confirmCrmWrite(key, crmId, now) {
      await db.updateTable('crm_writes').set({ status: 'done', crm_id: crmId, updated_at: now }).where('write_key', '=', key).execute();
    },

  };
}
