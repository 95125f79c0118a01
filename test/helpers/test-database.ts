import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createStore } from '../../src/store/create-store';
import type { Store } from '../../src/store/store-port';

/**
 * One suite, both dialects. `npm test` runs on SQLite; `npm run test:pg` sets LEADLOOP_TEST_DIALECT=postgres and
 * LEADLOOP_TEST_PG_URL (a server `.ci/start-postgres.sh` started), and the same test files run on PostgreSQL:
 * each store or app a test opens gets a database of its own, so test files run in parallel.
 */
export type TestDialect = 'sqlite' | 'postgres';

export function testDialect(): TestDialect {
  if (process.env.LEADLOOP_TEST_DIALECT !== 'postgres') return 'sqlite';
  if (!process.env.LEADLOOP_TEST_PG_URL) throw new Error('LEADLOOP_TEST_DIALECT=postgres needs LEADLOOP_TEST_PG_URL (run `npm run test:pg`, see README)');
  return 'postgres';
}

/** The PostgreSQL server's URL when test:pg runs, else undefined. */
export const pgAdminUrl = (): string | undefined => process.env.LEADLOOP_TEST_PG_URL || undefined;

function psql(url: string, ...args: string[]): string {
  // Whole tables come back as one JSON value (queryDatabase): more than execFileSync's default 1 MiB.
  return execFileSync('psql', [url, '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-At', ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
}

/** A new, empty PostgreSQL database on the test server; its URL. Synchronous so config helpers can call it. */
export function createPgDatabase(adminUrl = pgAdminUrl()): string {
  if (!adminUrl) throw new Error('LEADLOOP_TEST_PG_URL is not set: test/pg runs under `npm run test:pg` against a server (`bash .ci/start-postgres.sh` starts one; README "Tests")');
  const name = `ll_test_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  psql(adminUrl, '-c', `create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A DATABASE_URL for one test: a SQLite file in `dir` (a new temporary directory if omitted), or a new PG database. */
export function testDatabaseUrl(dir?: string): string {
  if (testDialect() === 'postgres') return createPgDatabase();
  return `sqlite:${path.join(dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-db-')), 'leadloop.sqlite')}`;
}

/** A migrated store for one test, on the dialect under test. */
export function createTestStore(dir?: string): Promise<Store> {
  return createStore(testDatabaseUrl(dir));
}

const literal = (v: unknown) => (v === null || v === undefined ? 'null' : `'${String(v).replace(/'/g, "''")}'`);

/**
 * Reads the database directly, synchronously, outside the app: an independent look at what was stored. SQLite
 * through better-sqlite3; PostgreSQL through `psql` (`?` placeholders become quoted literals, which PostgreSQL
 * types from the column they are compared with).
 */
export function queryDatabase<T = Record<string, unknown>>(databaseUrl: string, sql: string, ...params: unknown[]): T[] {
  if (/^postgres(ql)?:/.test(databaseUrl)) {
    let i = 0;
    const bound = sql.replace(/\?/g, () => literal(params[i++]));
    const out = psql(databaseUrl, '-c', `select coalesce(json_agg(t), '[]') from (${bound}) t`).trim();
    return JSON.parse(out) as T[];
  }
  const db = new Database(databaseUrl.replace(/^(sqlite|file):/, ''), { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** Runs statements on the test database from outside the app (SQLite through better-sqlite3, PostgreSQL via psql). */
export function execDatabase(databaseUrl: string, sql: string): void {
  if (/^postgres(ql)?:/.test(databaseUrl)) {
    psql(databaseUrl, '-c', sql);
    return;
  }
  const db = new Database(databaseUrl.replace(/^(sqlite|file):/, ''));
  try {
    db.exec(sql);
  } finally {
    db.close();
  }
}

/** leadloop's tables (not the migrator's). */
export function listTables(databaseUrl: string): string[] {
  const sql = /^postgres(ql)?:/.test(databaseUrl)
    ? "select tablename as name from pg_tables where schemaname = 'public' and tablename not like 'kysely_%'"
    : "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%'";
  return queryDatabase<{ name: string }>(databaseUrl, sql).map((t) => t.name);
}

/**
 * Makes every insert into `table` fail as a full disk does (`on` false: undoes it). Reads keep working. Asynchronous:
 * on PostgreSQL the trigger's DDL waits for the running app's transactions on the table, which must go on meanwhile
 * (a synchronous psql here blocked the event loop the app runs on, and both waited for ever).
 */
export async function failInserts(databaseUrl: string, table: string, on: boolean): Promise<void> {
  if (/^postgres(ql)?:/.test(databaseUrl)) {
    const statement = on
      ? `create or replace function disk_full() returns trigger language plpgsql as $$ begin raise exception 'could not extend file: No space left on device'; end $$;
         create trigger disk_full_${table} before insert on ${table} for each row execute function disk_full();`
      : `drop trigger disk_full_${table} on ${table}`;
    await promisify(execFile)('psql', [databaseUrl, '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-At', '-c', statement], { encoding: 'utf8' });
    return;
  }
  execDatabase(
    databaseUrl,
    on ? `create trigger disk_full_${table} before insert on ${table} begin select raise(abort, 'database or disk is full'); end` : `drop trigger disk_full_${table}`,
  );
}
