import type { Kysely, Migration } from 'kysely';

export const reconcileWatermarks: Migration = {
  async up(db: Kysely<unknown>) {
    // Per portal and object type: how far reconciliation has read HubSpot's `lastmodifieddate`, so a round
    // interrupted (a crash, a bounded round) resumes where it stopped instead of reading the portal again.
    await db.schema
      .createTable('reconcile_watermarks')
      .addColumn('portal_id', 'bigint', (c) => c.notNull())
      .addColumn('object_type', 'text', (c) => c.notNull())
      .addColumn('watermark', 'bigint', (c) => c.notNull())
      // Set while a round stopped inside one instant's records, walked by id: the walk resumes after this id.
      .addColumn('after_id', 'text')
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('reconcile_watermarks_pk', ['portal_id', 'object_type'])
      .execute();
  },
};
