import type { Kysely, Migration } from 'kysely';

export const funnelOriginDetail: Migration = {
  async up(db: Kysely<unknown>) {
    // The original source's drill-down (hs_analytics_source_data_1), credited with revenue under its source; and
    // why sales rejected the lead (the hs_lead_status value, or the lead's disqualified stage), for the quality section.
    await db.schema.alterTable('contact_funnel').addColumn('source_detail', 'text').execute();
    await db.schema.alterTable('contact_funnel').addColumn('rejection_reason', 'text').execute();
  },
};
