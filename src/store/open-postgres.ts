import pg from 'pg';
import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient } from 'kysely';
import type { Database } from './schema';

// Counts (count(*) is bigint), epoch-millisecond columns (bigint) and ids (bigserial) come back from `pg` as
// strings by default, to be safe past 2^53. Ours never reach 2^53 (milliseconds until the year 287,396; HubSpot
// ids are kept as text where they could), so they are read as numbers, as SQLite returns them. `numeric` is
// what PostgreSQL's sum()/avg() of integers return.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

export interface PostgresOptions {
  /** Connections in this process's pool (DATABASE_POOL_MAX). */
  poolMax: number;
  /** Named prepared statements (DATABASE_PREPARED_STATEMENTS, default on); see `preparingPool`. */
  preparedStatements?: boolean;
}

/**
 * The most statement texts given a name. A list of 1 to 100 ids makes as many texts of one query; past this cap a
 * text goes unnamed (parsed each time) rather than grow every connection's statement cache without bound.
 */
export const MAX_NAMED_STATEMENTS = 2_000;

/**
 * Statements with more parameters are sent unnamed: multi-row inserts (a delivery's events, a ledger) make a text per
 * row count, each large in PostgreSQL's memory once prepared, and their execution outweighs their planning anyway.
 */
export const MAX_NAMED_PARAMETERS = 100;

/** SQLSTATE 0A000 "cached plan must not change result type": a statement prepared before a column was added. */
const PLAN_CHANGED_RESULT = '0A000';

/**
 * The pool as Kysely sees it, with each statement text sent as a named prepared statement: PostgreSQL parses and
 * plans it once per connection instead of at every call. A worker runs the same ~25 statements for every contact;
 * named, they cost PostgreSQL 20–30% less CPU in bench:scale (0.40–0.55 s per 1,000 events, from 0.57–0.67).
 * Off behind a pooler in transaction mode that cannot keep them (PgBouncer before 1.21).
 * https://www.postgresql.org/docs/current/protocol-flow.html#PROTOCOL-FLOW-EXT-QUERY
 */
export function preparingPool(pool: pg.Pool, maxNames = MAX_NAMED_STATEMENTS): PostgresPool {
  const names = new Map<string, string>();
  let next = 0;
  const nameOf = (text: string): string | undefined => {
    let name = names.get(text);
    if (name === undefined && names.size < maxNames) names.set(text, (name = `leadloop_${next++}`));
    return name;
  };
  // Kysely keeps a connection per pool client (a WeakMap on it): the same client gets the same wrapper.
  const wrappers = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  const run = async (client: pg.PoolClient, text: string, values: readonly unknown[]) => {
    const name = values.length <= MAX_NAMED_PARAMETERS ? nameOf(text) : undefined;
    // Kysely hands each call a fresh array of its own: passed on as it is, not copied again.
    if (name === undefined) return client.query(text, values as unknown[]);
    try {
      return await client.query({ name, text, values: values as unknown[] });
    } catch (error) {
      // Another instance migrated the schema under a `select *` prepared here: a new name prepares it afresh (on
      // every connection) from the next call; this call's caller retries as after any database error.
      if ((error as { code?: string }).code === PLAN_CHANGED_RESULT && names.get(text) === name) names.delete(text);
      throw error;
    }
  };
  const wrap = (client: pg.PoolClient): PostgresPoolClient => ({
    // A cursor (streamed rows) passes through as it came, answered at once rather than through a promise.
    query: ((text: unknown, values?: readonly unknown[]) => (typeof text === 'string' ? run(client, text, values ?? []) : client.query(text as never))) as unknown as PostgresPoolClient['query'],
    release: () => client.release(),
  });
  return {
    async connect() {
      const client = await pool.connect();
      let wrapped = wrappers.get(client);
      if (!wrapped) wrappers.set(client, (wrapped = wrap(client)));
      return wrapped;
    },
    end: () => pool.end(),
  };
}

/** The only importer of `pg`: a pool behind Kysely's PostgreSQL dialect. */
export function openPostgres(url: string, { poolMax, preparedStatements = true }: PostgresOptions): Kysely<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolMax, connectionTimeoutMillis: 10_000 });
  // An idle connection dropped by the server (a restart, a failover) emits 'error' on the pool: without a listener
  // that is an uncaught exception. The next query opens a new connection; /readyz shows if none can be opened.
  pool.on('error', () => undefined);
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool: preparedStatements ? preparingPool(pool) : pool }) });
}
