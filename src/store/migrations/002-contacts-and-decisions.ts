import type { Kysely, Migration } from 'kysely';
import { columnTypes } from './column-types';

export const contactsAndDecisions: Migration = {
  async up(db: Kysely<unknown>) {
    const t = columnTypes(db);
    await db.schema
      .createTable('contacts')
      .addColumn('portal_id', 'bigint', (c) => c.notNull())
      .addColumn('contact_id', 'text', (c) => c.notNull())
      // {"jobtitle": {"value": "VP", "at": 1764…}}: each property remembers when it was set, so an older
      // event arriving late never overwrites a newer value.
      .addColumn('properties', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('contacts_pk', ['portal_id', 'contact_id'])
      .execute();

    await db.schema
      .createTable('contact_activities')
      .addColumn('id', ...t.id())
      .addColumn('portal_id', 'bigint', (c) => c.notNull())
      .addColumn('contact_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('occurred_at', 'bigint', (c) => c.notNull())
      .addColumn('detail', 'text', (c) => c.notNull())
      // What makes an activity itself (e.g. the conversion date of a form submission): replays add nothing.
      .addColumn('source_key', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('contact_activities_source').on('contact_activities').columns(['portal_id', 'contact_id', 'source_key']).unique().execute();

    await db.schema
      .createTable('decisions')
      .addColumn('id', ...t.id())
      .addColumn('portal_id', 'bigint', (c) => c.notNull())
      .addColumn('contact_id', 'text', (c) => c.notNull())
      .addColumn('computed_at', 'bigint', (c) => c.notNull())
      .addColumn('config_hash', 'text', (c) => c.notNull())
      .addColumn('stage_from', 'text', (c) => c.notNull())
      .addColumn('stage_to', 'text', (c) => c.notNull())
      .addColumn('stage_changed', 'integer', (c) => c.notNull())
      .addColumn('fit_score', t.float(), (c) => c.notNull())
      .addColumn('fit_grade', 'text', (c) => c.notNull())
      .addColumn('engagement_score', t.float(), (c) => c.notNull())
      .addColumn('score', t.float(), (c) => c.notNull())
      .addColumn('cell', 'text', (c) => c.notNull())
      .addColumn('tactic', 'text', (c) => c.notNull())
      .addColumn('explanation', 'text', (c) => c.notNull())
      .addColumn('outcome_key', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('decisions_contact').on('decisions').columns(['portal_id', 'contact_id', 'id']).execute();

    await db.schema
      .createTable('score_ledger')
      .addColumn('portal_id', 'bigint', (c) => c.notNull())
      .addColumn('contact_id', 'text', (c) => c.notNull())
      .addColumn('line_no', 'integer', (c) => c.notNull())
      .addColumn('rule_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('evidence', 'text', (c) => c.notNull())
      .addColumn('points', t.float(), (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('config_hash', 'text', (c) => c.notNull())
      .addColumn('computed_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('score_ledger_pk', ['portal_id', 'contact_id', 'line_no'])
      .execute();

    await db.schema
      .createTable('deal_contacts')
      .addColumn('portal_id', 'bigint', (c) => c.notNull())
      .addColumn('deal_id', 'text', (c) => c.notNull())
      .addColumn('contact_id', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('deal_contacts_pk', ['portal_id', 'deal_id', 'contact_id'])
      .execute();
  },
};
