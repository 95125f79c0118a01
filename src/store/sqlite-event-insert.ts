import type { Database as SqliteHandle, Statement } from 'better-sqlite3';
import type { NewWebhookEvent } from './store-port';
import { toRow } from './webhook-event-rows';

/**
 * The intake's hot path on SQLite: one prepared single-row statement, reused. Kysely would prepare a
 * 1,700-parameter statement for every delivery, which costs more than the insert itself (bench:intake).
 * Must run on the connection Kysely holds for the transaction; better-sqlite3 is synchronous, so it does.
 */
export function sqliteEventInserter(sqlite: SqliteHandle): (events: readonly NewWebhookEvent[], receivedAt: number) => number {
  let statement: Statement | null = null;
  return (events, receivedAt) => {
    statement ??= sqlite.prepare(
      `insert into webhook_events (portal_id, subscription_id, event_id, occurred_at, subscription_type, subject_key,
         object_id, property_name, property_value, change_source, source_id, attempt_number, payload, received_at,
         status, attempts, next_attempt_at)
       values (@portal_id, @subscription_id, @event_id, @occurred_at, @subscription_type, @subject_key, @object_id,
         @property_name, @property_value, @change_source, @source_id, @attempt_number, @payload, @received_at,
         @status, @attempts, @next_attempt_at)
       on conflict (portal_id, subscription_id, event_id, occurred_at) do nothing`,
    );
    let stored = 0;
    for (const e of events) stored += statement.run(toRow(e, receivedAt)).changes;
    return stored;
  };
}
