import { sql, type Kysely, type Selectable } from 'kysely';
import type { PortalRecord, PortalStore } from './portal-store-port';
import { CONTACT_TABLES, type Database, type PortalTable } from './schema';

const fromRow = (r: Selectable<PortalTable>): PortalRecord => ({
  portalId: Number(r.portal_id),
  sealedAccessToken: r.access_token,
  sealedRefreshToken: r.refresh_token,
  expiresAt: Number(r.expires_at),
  scopes: r.scopes ? r.scopes.split(' ') : [],
  status: r.status,
  installedAt: Number(r.installed_at),
});

// Tables holding a portal's data, by portal_id: its queue, where reconciliation and backfill stopped, every contact table.
const PORTAL_TABLES = ['webhook_events', 'reconcile_watermarks', 'backfill_checkpoints', ...CONTACT_TABLES] as const;

export function createKyselyPortalStore(db: Kysely<Database>): PortalStore {
  return {
    async savePortal(p, now) {
      const values = {
        access_token: p.sealedAccessToken,
        refresh_token: p.sealedRefreshToken,
        expires_at: p.expiresAt,
        scopes: p.scopes.join(' '),
        status: p.status,
        updated_at: now,
      };
      await db
        .insertInto('portals')
        .values({ portal_id: p.portalId, installed_at: now, ...values })
        .onConflict((oc) => oc.column('portal_id').doUpdateSet(values))
        .execute();
    },

    async getPortal(portalId) {
      const row = await db.selectFrom('portals').selectAll().where('portal_id', '=', portalId).executeTakeFirst();
      return row ? fromRow(row) : null;
    },

    async listPortals() {
      return (await db.selectFrom('portals').selectAll().orderBy('portal_id').execute()).map(fromRow);
    },

    async endPortal(portalId, reason, now) {
      await db.transaction().execute(async (tx) => {
        await tx.updateTable('portals').set({ access_token: null, refresh_token: null, status: 'uninstalled', updated_at: now }).where('portal_id', '=', portalId).execute();
        await tx
          .updateTable('webhook_events')
          .set({ status: 'dead', last_error: reason, claimed_by: null, claimed_until: null })
          .where('portal_id', '=', portalId)
          .where('status', 'in', ['pending', 'processing'])
          .execute();
      });
    },

    async purgePortal(portalId) {
      await db.transaction().execute(async (tx) => {
        for (const table of PORTAL_TABLES) await sql`delete from ${sql.table(table)} where portal_id = ${portalId}`.execute(tx);
        await tx.deleteFrom('portals').where('portal_id', '=', portalId).execute();
      });
    },

    async rememberNonce(nonce, expiresAt) {
      await db.insertInto('oauth_nonces').values({ nonce, expires_at: expiresAt }).execute();
    },

    async useNonce(nonce, now) {
      await db.deleteFrom('oauth_nonces').where('expires_at', '<', now).execute();
      const deleted = await db.deleteFrom('oauth_nonces').where('nonce', '=', nonce).executeTakeFirst();
      return Number(deleted.numDeletedRows) === 1;
    },
  };
}
