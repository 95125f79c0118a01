import type { Kysely, Migration } from 'kysely';

export const portals: Migration = {
  async up(db: Kysely<unknown>) {
    // Installed portals; tokens sealed with AES-256-GCM (never stored in plain text).
    await db.schema
      .createTable('portals')
      .addColumn('portal_id', 'bigint', (c) => c.primaryKey())
      .addColumn('access_token', 'text')
      .addColumn('refresh_token', 'text')
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('scopes', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('installed_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    // OAuth state nonces: a state is good once.
    await db.schema
      .createTable('oauth_nonces')
      .addColumn('nonce', 'text', (c) => c.primaryKey())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .execute();
  },
};
