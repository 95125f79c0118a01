import type { Kysely, Migration } from 'kysely';

export const jobRuns: Migration = {
  async up(db: Kysely<unknown>) {
    // One row per scheduled moment of a job that must run once across every instance (several processes on one
    // PostgreSQL all fire the same cron): the first to insert the moment runs it, the others skip.
    await db.schema
      .createTable('job_runs')
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('moment', 'bigint', (c) => c.notNull())
      .addColumn('holder', 'text', (c) => c.notNull())
      .addColumn('claimed_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('job_runs_pk', ['name', 'moment'])
      .execute();
  },
};
