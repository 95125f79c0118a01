import { type Kysely, type Migration } from 'kysely';
import { columnTypes } from './column-types';

// Written against Kysely's schema builder only, so the same migration runs on SQLite and PostgreSQL.
export const webhookEvents: Migration = {
  async up(db: Kysely<unknown>) {
    const t = columnTypes(db);
    await db.schema
      .createTable('webhook_events')
      .addColumn('id', ...t.id())
      .addColumn('portal_id', 'bigint', (c) => c.notNull())
      .addColumn('subscription_id', 'bigint', (c) => c.notNull())
      .addColumn('event_id', 'text', (c) => c.notNull())
      .addColumn('occurred_at', 'bigint', (c) => c.notNull())
      .addColumn('subscription_type', 'text', (c) => c.notNull())
      .addColumn('subject_key', 'text', (c) => c.notNull())
      .addColumn('object_id', 'text')
      .addColumn('property_name', 'text')
      .addColumn('property_value', 'text')
      .addColumn('change_source', 'text')
      .addColumn('source_id', 'text')
      .addColumn('attempt_number', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('received_at', 'bigint', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
      .addColumn('claimed_by', 'text')
      .addColumn('claimed_until', 'bigint')
      .addColumn('last_error', 'text')
      .addColumn('processed_at', 'bigint')
      .execute();
    // The delivery identity (see README "Deduplication"): eventId alone is not unique, HubSpot says.
    await db.schema
      .createIndex('webhook_events_delivery_key')
      .on('webhook_events')
      .columns(['portal_id', 'subscription_id', 'event_id', 'occurred_at'])
      .unique()
      .execute();
    await db.schema
      .createIndex('webhook_events_due')
      .on('webhook_events')
      .columns(['status', 'next_attempt_at', 'id'])
      .execute();
    await db.schema
      .createIndex('webhook_events_subject')
      .on('webhook_events')
      .columns(['subject_key', 'status'])
      .execute();

    await db.schema
      .createTable('contact_events')
      .addColumn('webhook_event_id', 'integer', (c) => c.primaryKey())
      .addColumn('portal_id', 'bigint', (c) => c.notNull())
      .addColumn('contact_id', 'text', (c) => c.notNull())
      .addColumn('subscription_type', 'text', (c) => c.notNull())
      .addColumn('occurred_at', 'bigint', (c) => c.notNull())
      .addColumn('applied_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('contact_events_contact')
      .on('contact_events')
      .columns(['portal_id', 'contact_id', 'occurred_at'])
      .execute();
  },
};
