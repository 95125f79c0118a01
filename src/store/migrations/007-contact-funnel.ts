import type { Kysely, Migration } from 'kysely';

export const contactFunnel: Migration = {
  async up(db: Kysely<unknown>) {
    // One row per contact: when it first reached each stage, where it came from, and the keys duplicates share.
    // Kept up to date with each decision, so the report reads 100,000 contacts by index, not their histories.
    await db.schema
      .createTable('contact_funnel')
      .addColumn('portal_id', 'bigint', (c) => c.notNull())
      .addColumn('contact_id', 'text', (c) => c.notNull())
      .addColumn('source', 'text')
      .addColumn('campaign', 'text')
      .addColumn('first_form', 'text')
      .addColumn('email_key', 'text')
      .addColumn('name_key', 'text')
      .addColumn('display_name', 'text')
      .addColumn('lead_at', 'bigint')
      .addColumn('mql_at', 'bigint')
      .addColumn('sql_at', 'bigint')
      .addColumn('opportunity_at', 'bigint')
      .addColumn('customer_at', 'bigint')
      .addColumn('rejected_at', 'bigint')
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('contact_funnel_pk', ['portal_id', 'contact_id'])
      .execute();
    await db.schema.createIndex('contact_funnel_lead').on('contact_funnel').columns(['lead_at']).execute();
    await db.schema.createIndex('contact_funnel_mql').on('contact_funnel').columns(['mql_at']).execute();
    await db.schema.createIndex('contact_funnel_email').on('contact_funnel').columns(['portal_id', 'email_key']).execute();
    await db.schema.createIndex('contact_funnel_name').on('contact_funnel').columns(['portal_id', 'name_key']).execute();
  },
};
