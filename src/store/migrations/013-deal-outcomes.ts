import type { Kysely, Migration } from 'kysely';

export const dealOutcomes: Migration = {
  async up(db: Kysely<unknown>) {
    // One row per closed deal: won (its amount is credited to its contacts' origins) or lost (an accepted lead's
    // outcome). Its contacts are deal_contacts' rows. Money as double precision, in the deal's currency and in the
    // portal's company currency (HubSpot's amount_in_home_currency); times as epoch ms.
    await db.schema
      .createTable('deal_outcomes')
      .addColumn('portal_id', 'bigint', (c) => c.notNull())
      .addColumn('deal_id', 'text', (c) => c.notNull())
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('amount', 'double precision')
      .addColumn('amount_home', 'double precision')
      .addColumn('currency', 'text')
      .addColumn('closed_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('deal_outcomes_pk', ['portal_id', 'deal_id'])
      .execute();
    await db.schema.createIndex('deal_outcomes_closed').on('deal_outcomes').columns(['closed_at']).execute();
  },
};
