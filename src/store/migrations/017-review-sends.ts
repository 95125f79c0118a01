import type { Kysely, Migration } from 'kysely';
import { columnTypes } from './column-types';

export const reviewSends: Migration = {
  async up(db: Kysely<unknown>) {
    const t = columnTypes(db);
    // One row per monthly review, channel and recipient, claimed before sending: the unique key is what keeps a
    // review to one send per month and recipient across instances and restarts.
    await db.schema
      .createTable('review_sends')
      .addColumn('id', ...t.id())
      .addColumn('send_key', 'text', (c) => c.notNull().unique())
      .addColumn('month', 'text', (c) => c.notNull())
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('recipient', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('claimed_at', 'bigint', (c) => c.notNull())
      .addColumn('sent_at', 'bigint')
      .addColumn('last_error', 'text')
      .execute();
  },
};
