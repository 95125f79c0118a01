import type { Kysely, Migration } from 'kysely';

export const crmWrites: Migration = {
  async up(db: Kysely<unknown>) {
    // One row per object leadloop creates in a CRM (a note, a task), keyed by what it is for. Written as
    // 'pending' before the call and 'done' after: a crash in between is found and settled, never duplicated.
    await db.schema
      .createTable('crm_writes')
      .addColumn('write_key', 'text', (c) => c.primaryKey())
      .addColumn('portal_id', 'bigint', (c) => c.notNull())
      .addColumn('contact_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('crm_id', 'text')
      // What to create (e.g. the note), so a write interrupted by a crash can be finished later.
      .addColumn('payload', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('crm_writes_contact').on('crm_writes').columns(['portal_id', 'contact_id']).execute();
    await db.schema.createIndex('crm_writes_pending').on('crm_writes').columns(['status', 'updated_at']).execute();
  },
};
