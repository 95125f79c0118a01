import type { Kysely, Migration } from 'kysely';
import { columnTypes } from './column-types';

export const contractVersions: Migration = {
  async up(db: Kysely<unknown>) {
    const t = columnTypes(db);
    // Each version of the marketing–sales contract with the date it is in force from: a period is judged against
    // the version in force then. `terms` is the contract's JSON (commitment, first touch, attempts, calendar).
    await db.schema
      .createTable('contract_versions')
      .addColumn('id', ...t.id())
      .addColumn('hash', 'text', (c) => c.notNull())
      .addColumn('terms', 'text', (c) => c.notNull())
      .addColumn('starts_at', 'bigint', (c) => c.notNull())
      .addColumn('recorded_at', 'bigint', (c) => c.notNull())
      .addColumn('author', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('contract_versions_starts').on('contract_versions').columns(['starts_at', 'id']).execute();
  },
};
