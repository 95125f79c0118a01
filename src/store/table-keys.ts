import type { Database } from './schema';

export type TableName = keyof Database & string;

export interface TableKey {
  /** The columns that identify a row (its primary key, or the unique key it is written by). */
  columns: readonly string[];
  /** Its `id` is generated (SQLite's rowid alias, PostgreSQL's bigserial): a copy keeps ids, then moves the sequence. */
  serial?: true;
}

/**
 * Every table of `Database`, with its key. A mapped type over `keyof Database`: a table added to schema.ts and not
 * here fails the typecheck, so `leadloop db copy` can never leave one behind in silence.
 */
export const TABLE_KEYS: { readonly [T in TableName]: { columns: ReadonlyArray<keyof Database[T] & string>; serial?: true } } = {
  rules_versions: { columns: ['id'], serial: true },
  reconcile_watermarks: { columns: ['portal_id', 'object_type'] },
  backfill_checkpoints: { columns: ['portal_id'] },
  contact_funnel: { columns: ['portal_id', 'contact_id'] },
  sla_items: { columns: ['id'], serial: true },
  sla_notifications: { columns: ['id'], serial: true },
  job_leases: { columns: ['name'] },
  job_runs: { columns: ['name', 'moment'] },
  routing_state: { columns: ['portal_id'] },
  portals: { columns: ['portal_id'] },
  oauth_nonces: { columns: ['nonce'] },
  erased_contacts: { columns: ['contact_hash'] },
  crm_writes: { columns: ['write_key'] },
  webhook_events: { columns: ['id'], serial: true },
  contact_events: { columns: ['webhook_event_id'] },
  contacts: { columns: ['portal_id', 'contact_id'] },
  contact_activities: { columns: ['id'], serial: true },
  decisions: { columns: ['id'], serial: true },
  score_ledger: { columns: ['portal_id', 'contact_id', 'line_no'] },
  deal_contacts: { columns: ['portal_id', 'deal_id', 'contact_id'] },
  deal_outcomes: { columns: ['portal_id', 'deal_id'] },
  contract_versions: { columns: ['id'], serial: true },
  review_sends: { columns: ['id'], serial: true },
};

export const TABLE_NAMES = Object.keys(TABLE_KEYS) as TableName[];

export const isKnownTable = (name: string): name is TableName => Object.hasOwn(TABLE_KEYS, name);
