import type { Database as SqliteHandle, Statement } from 'better-sqlite3';
import type { InsertResult, NewWebhookEvent } from './store-port';
import { toRow } from './webhook-event-rows';

export interface Delivery {
  events: readonly NewWebhookEvent[];
  receivedAt: number;
}

/**
 * The intake's hot path on SQLite: every delivery of a group commit in one synchronous transaction, with a
 * prepared single-row insert reused (Kysely would prepare a 1,700-parameter statement per delivery, which cost
 * more than the insert itself) and synchronous=FULL so the commit is on disk before we answer 2xx.
 *
 * Synchronous on purpose: it never waits in the queue of Kysely's connection behind the worker's queries, which
 * held acknowledgements back for seconds under load. Safe because better-sqlite3 is synchronous: no Kysely
 * transaction spans a turn of the event loop, so when this runs (its own turn) the connection is idle. Returns
 * null if it ever is not, and the caller takes the Kysely path.
 */
export function sqliteDeliveryCommitter(sqlite: SqliteHandle): (deliveries: readonly Delivery[]) => InsertResult[] | null {
  let statement: Statement | null = null;
  const commit = sqlite.transaction((deliveries: readonly Delivery[]) =>
    deliveries.map(({ events, receivedAt }) => {
      let stored = 0;
      for (const e of events) stored += statement!.run(toRow(e, receivedAt)).changes;
      return { stored, duplicates: events.length - stored };
    }),
  );
  return (deliveries) => {
    if (sqlite.inTransaction) return null;
    statement ??= sqlite.prepare(
      `insert into webhook_events (portal_id, subscription_id, event_id, occurred_at, subscription_type, subject_key,
         object_id, property_name, property_value, change_source, source_id, attempt_number, payload, received_at,
         status, attempts, next_attempt_at)
       values (@portal_id, @subscription_id, @event_id, @occurred_at, @subscription_type, @subject_key, @object_id,
         @property_name, @property_value, @change_source, @source_id, @attempt_number, @payload, @received_at,
         @status, @attempts, @next_attempt_at)
       on conflict (portal_id, subscription_id, event_id, occurred_at) do nothing`,
    );
    sqlite.pragma('synchronous = FULL');
    try {
      return commit(deliveries);
    } finally {
      sqlite.pragma('synchronous = NORMAL');
    }
  };
}
