import type { Kysely } from 'kysely';
import type { ContactActivity } from '../domain/contact-activity';
import type { ContactScanStore, ScannedContact } from './contact-scan-store-port';
import type { Database } from './schema';

type PropertyState = Record<string, { value: string | null; at: number }>;

export function createKyselyContactScanStore(db: Kysely<Database>): ContactScanStore {
  return {
    async scanContacts(after, limit, portalId) {
      let q = db.selectFrom('contacts').select(['portal_id', 'contact_id', 'properties']);
      if (portalId !== undefined) q = q.where('portal_id', '=', portalId);
      if (after) q = q.where((eb) => eb.or([eb('portal_id', '>', after.portalId), eb.and([eb('portal_id', '=', after.portalId), eb('contact_id', '>', after.contactId)])]));
      const rows = await q.orderBy('portal_id').orderBy('contact_id').limit(limit).execute();
      const page: ScannedContact[] = rows.map((r) => {
        const state = JSON.parse(r.properties) as PropertyState;
        const properties: Record<string, string | null> = {};
        for (const k in state) properties[k] = state[k]!.value;
        return { portalId: Number(r.portal_id), snapshot: { id: r.contact_id, properties }, activities: [] };
      });
      const byKey = new Map(page.map((c) => [`${c.portalId}:${c.snapshot.id}`, c]));
      // A page rarely spans portals; one activity query per portal in it, through the (portal, contact, …) index.
      for (const p of new Set(page.map((c) => c.portalId))) {
        const ids = page.filter((c) => c.portalId === p).map((c) => c.snapshot.id);
        const acts = await db
          .selectFrom('contact_activities')
          .select(['contact_id', 'detail'])
          .where('portal_id', '=', p)
          .where('contact_id', 'in', ids)
          .orderBy('contact_id')
          .orderBy('occurred_at')
          .orderBy('id')
          .execute();
        for (const a of acts) byKey.get(`${p}:${a.contact_id}`)?.activities.push(JSON.parse(a.detail) as ContactActivity);
      }
      return page;
    },
    async latestDecisionHashes(portalId, contactIds) {
      const latest = new Map<string, string>();
      if (contactIds.length === 0) return latest;
      const rows = await db.selectFrom('decisions').select(['contact_id', 'config_hash']).where('portal_id', '=', portalId).where('contact_id', 'in', [...contactIds]).orderBy('id').execute();
      for (const r of rows) latest.set(r.contact_id, r.config_hash); // in id order: the last one stays
      return latest;
    },
  };
}
