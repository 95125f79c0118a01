import { sql, type ExpressionBuilder, type Insertable, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema';
import { precompiled, rowsOf } from './precompiled-query';
import type { Database as SqliteHandle } from 'better-sqlite3';
import { createGroupCommit } from './group-commit';
import { createKyselyContactStore } from './kysely-contact-store';
import { createKyselyCrmWriteStore } from './kysely-crm-write-store';
import { createKyselyPortalStore } from './kysely-portal-store';
import { createKyselySlaStore } from './kysely-sla-store';
import { createKyselyReportStore } from './kysely-report-store';
import { createKyselyRevenueStore } from './kysely-revenue-store';
import { createKyselyContactScanStore } from './kysely-contact-scan-store';
import { createKyselyRulesVersionStore } from './kysely-rules-version-store';
import { createKyselyReconcileStore } from './kysely-reconcile-store';
import { createKyselyBackfillStore } from './kysely-backfill-store';
import { createKyselyContractStore } from './kysely-contract-store';
import { sqliteDeliveryCommitter, type Delivery } from './sqlite-event-insert';
import type { ContactEventRecord, FailureOutcome, InsertResult, NewWebhookEvent, QueueCounts, Store } from './store-port';
import { runUnitOfWork, unitOfWorkAware } from './unit-of-work';
import { fromRow, toRow } from './webhook-event-rows';

// SQLite allows 32,766 bound parameters per statement; 17 columns × 100 events stays far below it.
const INSERT_CHUNK = 500;
// PostgreSQL takes at most 65,535 parameters a statement: 17 columns × 2,000 rows stays well below.
const PG_ROWS_PER_STATEMENT = 2_000;
/** A webhook event's identity, as the table's unique key has it. */
const eventKeyOf = (r: { portal_id: number; subscription_id: number; event_id: string; occurred_at: number }) => `${Number(r.portal_id)}:${Number(r.subscription_id)}:${r.event_id}:${Number(r.occurred_at)}`;

// Due rows read per wanted subject when picking subjects to claim. A burst has many per contact (a demo request
// makes ~11 webhook events): with 5, a claim of 100 contacts found ~46 in its candidates, and half-full rounds
// cost bench:e2e a batch call per 46 contacts instead of per 100 (p95 7.6 s → 4.1 s all-in-one with 20).
const CANDIDATE_ROWS_PER_SUBJECT = 20;

/** `PRAGMA wal_checkpoint(TRUNCATE)`; a reader in the way (busy) gets one more try once it is done. */
function checkpointWal(sqlite: SqliteHandle): void {
  const [result] = sqlite.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>;
  if (result && result.busy !== 0) setTimeout(() => sqlite.open && sqlite.pragma('wal_checkpoint(TRUNCATE)'), 1000).unref();
}

/** Another worker holds a live claim on the subject of the row being claimed: its events stay with that worker. */
function liveClaimByAnother(eb: ExpressionBuilder<Database, 'webhook_events'>, workerId: string, now: number) {
  return eb.exists(
    eb
      .selectFrom('webhook_events as h')
      .select('h.id')
      .whereRef('h.subject_key', '=', 'webhook_events.subject_key')
      .where('h.status', '=', 'processing')
      .where('h.claimed_until', '>=', now)
      .where('h.claimed_by', '!=', workerId),
  );
}

// The namespace of leadloop's advisory locks (the first key of the two-key form), so that another application's
// advisory locks on the same database never meet ours: "LL".
const ADVISORY_NAMESPACE = 0x4c4c;

/**
 * PostgreSQL, where several instances claim at once: of the candidate subjects, the first `max` whose advisory
 * lock this transaction gets without waiting. Every claim takes a subject's lock before it takes the subject's
 * rows, and holds it to its commit; the claim's UPDATE runs after the lock, so it sees every claim committed
 * before (and skips a subject someone holds live). So two instances never hold one subject, a subject is taken
 * whole, in order, and no claim ever waits for another (try-locks never wait: no deadlock). A subject another
 * claim is taking at this moment is passed over, not fought for: row locks with SKIP LOCKED, which this replaced,
 * made concurrent claims lock each other's candidates and all come back empty while work was queued
 * (test/pg/queue-claims-across-instances.test.ts). Two subjects whose keys hash alike share a lock: one waits a poll.
 * https://www.postgresql.org/docs/current/functions-admin.html#FUNCTIONS-ADVISORY-LOCKS
 */
async function lockSubjects(tx: Transaction<Database>, candidates: string[], max: number): Promise<string[]> {
  if (candidates.length === 0) return [];
  // The function scan yields the array in order and the filter runs row by row until the limit: subjects past the
  // first `max` taken are not locked (no ORDER BY, which would lock every candidate before sorting).
  const { rows } = await sql<{ subject_key: string }>`
    select c.subject_key from unnest(${candidates}::text[]) as c(subject_key)
    where pg_try_advisory_xact_lock(${ADVISORY_NAMESPACE}, hashtext(c.subject_key))
    limit ${max}`.execute(tx);
  return rows.map((r) => r.subject_key);
}

const CONTACT_EVENT_COLUMNS = ['webhook_event_id', 'portal_id', 'contact_id', 'subscription_type', 'occurred_at', 'applied_at'] as const;
/** Built once per row count (precompiled-query.ts): values flat, in CONTACT_EVENT_COLUMNS order. */
const insertContactEvents = precompiled((db: Kysely<Database>, ...flat: unknown[]) =>
  db
    .insertInto('contact_events')
    .values(rowsOf<Insertable<Database['contact_events']>>(CONTACT_EVENT_COLUMNS, flat))
    .onConflict((oc) => oc.column('webhook_event_id').doNothing()),
);

/** The one implementation of the Store port: Kysely keeps the queries the same on SQLite and PostgreSQL. */
export function createKyselyStore(db: Kysely<Database>, dialect: Store['dialect'], sqlite?: SqliteHandle): Store {
  const sqliteCommit = sqlite ? sqliteDeliveryCommitter(sqlite) : null;
  const insertDelivery = async (tx: Transaction<Database>, { events, receivedAt }: Delivery): Promise<InsertResult> => {
    let stored = 0;
    for (let i = 0; i < events.length; i += INSERT_CHUNK) {
      const rows = events.slice(i, i + INSERT_CHUNK).map((e) => toRow(e, receivedAt));
      const inserted = await tx
        .insertInto('webhook_events')
        .values(rows)
        .onConflict((oc) => oc.columns(['portal_id', 'subscription_id', 'event_id', 'occurred_at']).doNothing())
        .returning('id')
        .execute();
      stored += inserted.length;
    }
    return { stored, duplicates: events.length - stored };
  };
  const insertAll = (deliveries: readonly Delivery[]) => async (tx: Transaction<Database>) => {
    const results: InsertResult[] = [];
    for (const d of deliveries) results.push(await insertDelivery(tx, d));
    return results;
  };
  // PostgreSQL: the group's deliveries in one INSERT, its own transaction (one round trip instead of BEGIN, one per
  // delivery, COMMIT). Which rows were new comes back by their key, so each delivery learns its own count; an event
  // in two deliveries of the group is stored once, for the first.
  const insertAllPostgres = async (deliveries: readonly Delivery[]): Promise<InsertResult[]> => {
    const rows = deliveries.flatMap(({ events, receivedAt }) => events.map((e) => toRow(e, receivedAt)));
    const insert = (q: Kysely<Database>, chunk: typeof rows) =>
      q
        .insertInto('webhook_events')
        .values(chunk)
        .onConflict((oc) => oc.columns(['portal_id', 'subscription_id', 'event_id', 'occurred_at']).doNothing())
        .returning(['portal_id', 'subscription_id', 'event_id', 'occurred_at'])
        .execute();
    const inserted =
      rows.length <= PG_ROWS_PER_STATEMENT
        ? await insert(db, rows)
        : await db.transaction().execute(async (tx) => {
            const all: Awaited<ReturnType<typeof insert>> = [];
            for (let i = 0; i < rows.length; i += PG_ROWS_PER_STATEMENT) all.push(...(await insert(tx, rows.slice(i, i + PG_ROWS_PER_STATEMENT))));
            return all;
          });
    const fresh = new Set(inserted.map(eventKeyOf));
    return deliveries.map(({ events, receivedAt }) => {
      const stored = events.filter((e) => fresh.delete(eventKeyOf(toRow(e, receivedAt)))).length;
      return { stored, duplicates: events.length - stored };
    });
  };
  // PostgreSQL's commit is durable by default. SQLite runs with synchronous=NORMAL; the intake's commit
  // must reach the disk before we answer 2xx, so it runs with FULL (see sqlite-event-insert.ts).
  const commitDelivery = createGroupCommit<Delivery, InsertResult>(async (deliveries) =>
    sqliteCommit?.(deliveries) ??
    (dialect === 'sqlite'
      ? await db.connection().execute(async (conn) => {
          await sql`pragma synchronous = FULL`.execute(conn);
          try {
            return await conn.transaction().execute(insertAll(deliveries));
          } finally {
            await sql`pragma synchronous = NORMAL`.execute(conn);
          }
        })
      : await insertAllPostgres(deliveries)),
  );

  // On PostgreSQL the bookkeeping stores take part in units of work (one transaction for several calls).
  const bookkeeping = dialect === 'postgres' ? unitOfWorkAware(db) : db;
  const contacts = createKyselyContactStore(bookkeeping, dialect);
  return {
    ...contacts,
    async eraseContact(portalId, contactId, now) {
      await contacts.eraseContact(portalId, contactId, now);
      // The WAL still holds the erased pages (a SIGKILL would leave them there for good): copy them into the
      // database file, where secure_delete overwrote the rows, and empty the WAL.
      if (sqlite) checkpointWal(sqlite);
    },
    ...createKyselyCrmWriteStore(bookkeeping),
    ...createKyselyPortalStore(bookkeeping),
    ...createKyselySlaStore(bookkeeping),
    ...createKyselyReportStore(bookkeeping),
    ...createKyselyRevenueStore(bookkeeping),
    ...createKyselyContactScanStore(bookkeeping),
    ...createKyselyRulesVersionStore(bookkeeping),
    ...createKyselyReconcileStore(bookkeeping),
    ...createKyselyBackfillStore(bookkeeping),
    ...createKyselyContractStore(bookkeeping),
    dialect,
    unitOfWork: (fn) => (dialect === 'postgres' ? runUnitOfWork(db, fn) : fn()),

    insertWebhookEvents(events: readonly NewWebhookEvent[], receivedAt: number) {
      if (events.length === 0) return Promise.resolve({ stored: 0, duplicates: 0 });
      return commitDelivery({ events, receivedAt });
    },

    async claimDueEvents(workerId, now, leaseMs, maxSubjects) {
      return db.transaction().execute(async (tx) => {
        // Candidates come from the oldest due rows through the (status, next_attempt_at, id) index, so a claim
        // costs the same with 10 or 100,000 events queued. Expired claims (a crashed worker) are rare: their own query.
        // A subject someone else holds, or with an event waiting for its retry, waits: its order must hold.
        const due = await tx
          .selectFrom('webhook_events as w')
          .select('w.subject_key')
          .where('w.status', '=', 'pending')
          .where('w.next_attempt_at', '<=', now)
          .where(({ not, exists, selectFrom }) =>
            not(
              exists(
                selectFrom('webhook_events as h')
                  .select('h.id')
                  .whereRef('h.subject_key', '=', 'w.subject_key')
                  .where((eb) =>
                    eb.or([
                      eb.and([eb('h.status', '=', 'processing'), eb('h.claimed_until', '>=', now)]),
                      eb.and([eb('h.status', '=', 'pending'), eb('h.next_attempt_at', '>', now)]),
                    ]),
                  ),
              ),
            ),
          )
          .orderBy('w.next_attempt_at')
          .orderBy('w.id')
          .limit(maxSubjects * CANDIDATE_ROWS_PER_SUBJECT)
          .execute();
        const expired = await tx
          .selectFrom('webhook_events')
          .select('subject_key')
          .where('status', '=', 'processing')
          .where('claimed_until', '<', now)
          .limit(maxSubjects)
          .execute();
        const candidates = [...new Set([...expired, ...due].map((r) => r.subject_key))];
        // On PostgreSQL several instances claim at once: a subject is ours only once its lock is.
        const subjects = dialect === 'postgres' ? await lockSubjects(tx, candidates, maxSubjects) : candidates.slice(0, maxSubjects);
        if (subjects.length === 0) return [];
        const claimed = await tx
          .updateTable('webhook_events')
          .set({ status: 'processing', claimed_by: workerId, claimed_until: now + leaseMs })
          .where('subject_key', 'in', subjects)
          .where((eb) =>
            eb.or([eb('status', '=', 'pending'), eb.and([eb('status', '=', 'processing'), eb('claimed_until', '<', now)])]),
          )
          // Never a subject another worker holds a live claim on: its events stay with that worker, in order.
          .where((eb) => eb.not(liveClaimByAnother(eb, workerId, now)))
          .returningAll()
          .execute();
        return claimed.map(fromRow).sort((a, b) => a.occurredAt - b.occurredAt || a.id - b.id);
      });
    },

    async renewClaim(workerId, ids, until) {
      if (ids.length === 0) return 0;
      const result = await db
        .updateTable('webhook_events')
        .set({ claimed_until: until })
        .where('id', 'in', [...ids])
        .where('status', '=', 'processing')
        .where('claimed_by', '=', workerId)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    async completeEvents(ids, now) {
      if (ids.length === 0) return;
      await db
        .updateTable('webhook_events')
        .set({ status: 'done', processed_at: now, claimed_by: null, claimed_until: null, last_error: null })
        .where('id', 'in', [...ids])
        .execute();
    },

    async failEvents(ids, outcome: FailureOutcome) {
      if (ids.length === 0) return;
      await db
        .updateTable('webhook_events')
        .set((eb) => ({
          status: outcome.dead ? 'dead' : 'pending',
          attempts: eb('attempts', '+', 1),
          next_attempt_at: outcome.nextAttemptAt,
          last_error: outcome.error.slice(0, 2000),
          claimed_by: null,
          claimed_until: null,
        }))
        .where('id', 'in', [...ids])
        .execute();
    },

    async listEvents(status, limit) {
      const rows = await db
        .selectFrom('webhook_events')
        .selectAll()
        .where('status', '=', status)
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map(fromRow);
    },

    async retryDeadEvents(ids, now) {
      let query = db
        .updateTable('webhook_events')
        .set({ status: 'pending', attempts: 0, next_attempt_at: now, last_error: null })
        .where('status', '=', 'dead');
      if (ids !== 'all') {
        if (ids.length === 0) return 0;
        query = query.where('id', 'in', [...ids]);
      }
      const result = await query.executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    async queueCounts(): Promise<QueueCounts> {
      const rows = await db
        .selectFrom('webhook_events')
        .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
        .where('status', 'in', ['pending', 'processing', 'dead'])
        .groupBy('status')
        .execute();
      const counts: QueueCounts = { pending: 0, processing: 0, dead: 0 };
      for (const r of rows) counts[r.status as keyof QueueCounts] = Number(r.n);
      return counts;
    },

    async recordContactEvents(records: readonly ContactEventRecord[]) {
      if (records.length === 0) return;
      // Keyed by the stored event: a retry after a crash re-applies nothing.
      await insertContactEvents(bookkeeping, ...records.flatMap((r) => [r.webhookEventId, r.portalId, r.contactId, r.subscriptionType, r.occurredAt, r.appliedAt]));
    },

    async ping() {
      await sql`select 1`.execute(db);
    },

    async close() {
      await db.destroy();
    },
  };
}
