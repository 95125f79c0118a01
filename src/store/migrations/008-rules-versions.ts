import type { Kysely, Migration } from 'kysely';
import { columnTypes } from './column-types';

export const rulesVersions: Migration = {
  async up(db: Kysely<unknown>) {
    const t = columnTypes(db);
    // Each rule set made active, with its full text: the hash on a ledger line can always be read back as rules.
    await db.schema
      .createTable('rules_versions')
      .addColumn('id', ...t.id())
      .addColumn('hash', 'text', (c) => c.notNull())
      .addColumn('content', 'text', (c) => c.notNull())
      .addColumn('applied_at', 'bigint', (c) => c.notNull())
      .addColumn('author', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('rules_versions_hash').on('rules_versions').columns(['hash', 'id']).execute();
  },
};
