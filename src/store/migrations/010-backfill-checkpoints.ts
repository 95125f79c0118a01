import type { Kysely, Migration } from 'kysely';

export const backfillCheckpoints: Migration = {
  async up(db: Kysely<unknown>) {
    // One row per portal: where its backfill stands. A killed run continues after `last_contact_id`.
    await db.schema
      .createTable('backfill_checkpoints')
      .addColumn('portal_id', 'bigint', (c) => c.primaryKey())
      .addColumn('last_contact_id', 'text')
      .addColumn('done', 'bigint', (c) => c.notNull())
      .addColumn('total', 'bigint', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('started_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
  },
};
