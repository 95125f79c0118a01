import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
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
}

/** The only importer of `pg`: a pool behind Kysely's PostgreSQL dialect. */
export function openPostgres(url: string, { poolMax }: PostgresOptions): Kysely<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolMax, connectionTimeoutMillis: 10_000 });
  // An idle connection dropped by the server (a restart, a failover) emits 'error' on the pool: without a listener
  // that is an uncaught exception. The next query opens a new connection; /readyz shows if none can be opened.
  pool.on('error', () => undefined);
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
