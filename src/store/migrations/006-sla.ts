import { sql, type Kysely, type Migration } from 'kysely';
import { columnTypes } from './column-types';

export const sla: Migration = {
  async up(db: Kysely<unknown>) {
    const t = columnTypes(db);
    // One row per MQL hand-off. The audit reads only rows due (status, next_check_at): never the CRM.
    await db.schema
      .createTable('sla_items')
      .addColumn('id', ...t.id())
      .addColumn('portal_id', 'bigint', (c) => c.notNull())
      .addColumn('contact_id', 'text', (c) => c.notNull())
      .addColumn('opened_at', 'bigint', (c) => c.notNull())
      .addColumn('owner_id', 'text')
      .addColumn('clock_start_at', 'bigint', (c) => c.notNull())
      .addColumn('first_touch_due_at', 'bigint', (c) => c.notNull())
      .addColumn('first_touch_at', 'bigint')
      .addColumn('touches', 'text', (c) => c.notNull())
      .addColumn('notices_given', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('next_check_at', 'bigint')
      .addColumn('closed_reason', 'text')
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('sla_items_due').on('sla_items').columns(['next_check_at']).where(sql.ref('next_check_at'), 'is not', null).execute();
    await db.schema.createIndex('sla_items_contact').on('sla_items').columns(['portal_id', 'contact_id', 'opened_at']).unique().execute();
    // A notification's key is written before anything is sent: two runs, two instances or a restart never send twice.
    await db.schema
      .createTable('sla_notifications')
      .addColumn('id', ...t.id())
      .addColumn('notice_key', 'text', (c) => c.notNull().unique())
      .addColumn('item_id', 'integer', (c) => c.notNull())
      .addColumn('portal_id', 'bigint', (c) => c.notNull())
      .addColumn('contact_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('owner_id', 'text')
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('task_id', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('sent_at', 'bigint')
      .execute();
    await db.schema.createIndex('sla_notifications_pending').on('sla_notifications').columns(['status', 'created_at']).execute();
    // One audit at a time across instances: a lease that expires if its holder dies.
    await db.schema
      .createTable('job_leases')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('holder', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .execute();
    // Round-robin position per portal (owner routing).
    await db.schema
      .createTable('routing_state')
      .addColumn('portal_id', 'bigint', (c) => c.primaryKey())
      .addColumn('last_owner_id', 'text', (c) => c.notNull())
      .execute();
  },
};
