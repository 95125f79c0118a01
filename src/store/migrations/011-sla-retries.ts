import type { Kysely, Migration } from 'kysely';

export const slaRetries: Migration = {
  async up(db: Kysely<unknown>) {
    // A notice is retried per channel: the channels that took it are never asked again; after N attempts it is
    // a dead letter (status 'dead') an operator lists with `leadloop sla list --failed`.
    await db.schema.alterTable('sla_notifications').addColumn('sent_channels', 'text', (c) => c.notNull().defaultTo('[]')).execute();
    await db.schema.alterTable('sla_notifications').addColumn('failed_channels', 'text', (c) => c.notNull().defaultTo('[]')).execute();
    await db.schema.alterTable('sla_notifications').addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    await db.schema.alterTable('sla_notifications').addColumn('next_attempt_at', 'bigint').execute();
    await db.schema.alterTable('sla_notifications').addColumn('last_error', 'text').execute();
    // An SLA status HubSpot did not take: written again by the next audit (the item is kept due until then).
    await db.schema.alterTable('sla_items').addColumn('status_pending', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  },
};
