import type { Kysely } from 'kysely';
import type { ReconcileStore } from './reconcile-store-port';
import type { Database } from './schema';

// SQLite takes at most 999 bound parameters per statement in older builds; a search page is 200 ids.
const CHUNK = 500;

export function createKyselyReconcileStore(db: Kysely<Database>): ReconcileStore {
  return {
    async reconcileWatermark(portalId, object) {
      const row = await db.selectFrom('reconcile_watermarks').select(['watermark', 'after_id']).where('portal_id', '=', portalId).where('object_type', '=', object).executeTakeFirst();
      return row ? { watermark: Number(row.watermark), afterId: row.after_id } : null;
    },

    async saveReconcileWatermark(portalId, object, { watermark, afterId }, now) {
      await db
        .insertInto('reconcile_watermarks')
        .values({ portal_id: portalId, object_type: object, watermark, after_id: afterId, updated_at: now })
        .onConflict((oc) => oc.columns(['portal_id', 'object_type']).doUpdateSet({ watermark, after_id: afterId, updated_at: now }))
        .execute();
    },

    async lastHeardValues(portalId, kind, ids) {
      const heard = new Map<string, Map<string, string | null>>();
      for (let i = 0; i < ids.length; i += CHUNK) {
        const keys = ids.slice(i, i + CHUNK).map((id) => `${portalId}:${kind}:${id}`);
        const rows = await db
          .selectFrom('webhook_events')
          .select(['object_id', 'property_name', 'property_value', 'occurred_at', 'id'])
          .where('subject_key', 'in', keys)
          .where('status', '!=', 'ignored')
          .where('property_name', 'is not', null)
          .orderBy('occurred_at')
          .orderBy('id')
          .execute();
        for (const r of rows) {
          if (!r.object_id || !r.property_name) continue;
          let props = heard.get(r.object_id);
          if (!props) heard.set(r.object_id, (props = new Map()));
          props.set(r.property_name, r.property_value);
        }
      }
      return heard;
    },
  };
}
