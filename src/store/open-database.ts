import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { parseDatabaseUrl } from '../config/database-url';
import { cacheStatements } from './cache-statements';
import { openPostgres } from './open-postgres';
import type { Database } from './schema';

export interface OpenedDatabase {
  db: Kysely<Database>;
  dialect: 'sqlite' | 'postgres';
  /** The raw SQLite handle, for the few hot paths that keep a prepared statement. */
  sqlite?: SqliteDatabase.Database;
}

/** `sqlite:./data/x.sqlite`, `file:x.sqlite`, a bare path, or `sqlite::memory:`; null for anything else. */
export function sqlitePathOf(databaseUrl: string): string | null {
  const location = parseDatabaseUrl(databaseUrl);
  return 'file' in location ? location.file : null;
}

export interface OpenOptions {
  /** PostgreSQL: connections in this process's pool (DATABASE_POOL_MAX). */
  poolMax?: number;
  /** PostgreSQL: named prepared statements (DATABASE_PREPARED_STATEMENTS, default on). */
  preparedStatements?: boolean;
}

/**
 * The database holds people's names and emails: created 0600 (an empty file is an empty SQLite database), and an
 * existing one made 0600. SQLite creates the -wal and -shm files with the database file's mode.
 */
function keepPrivate(file: string): void {
  fs.closeSync(fs.openSync(file, 'a', 0o600));
  fs.chmodSync(file, 0o600);
}

export function openDatabase(databaseUrl: string, options: OpenOptions = {}): OpenedDatabase {
  const location = parseDatabaseUrl(databaseUrl);
  if ('error' in location) throw Object.assign(new Error(`DATABASE_URL: ${location.error}`), { code: 'STORE.UNSUPPORTED' });
  if (location.kind === 'postgres') return { db: openPostgres(location.url, { poolMax: options.poolMax ?? 10, preparedStatements: options.preparedStatements ?? true }), dialect: 'postgres' };
  const { file } = location;
  if (file !== ':memory:') {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    keepPrivate(file);
  }
  const sqlite = new SqliteDatabase(file);
  // WAL lets the dashboard read while the intake writes. NORMAL survives a crash of the process (SIGKILL
  // included) but may lose the last commits on power loss: right for the worker's state, which it can redo.
  // The intake's commits, which our 2xx to HubSpot stands for, switch to FULL (see kysely-store.ts).
  sqlite.pragma('journal_mode = WAL');
  // SQLite gives -wal and -shm the database file's mode; earlier versions left 0644 files behind: tightened too.
  if (file !== ':memory:') for (const f of [`${file}-wal`, `${file}-shm`]) if (fs.existsSync(f)) fs.chmodSync(f, 0o600);
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  // Erased contacts (GDPR) must not linger in free pages of the file: deleted content is overwritten.
  sqlite.pragma('secure_delete = ON');
  // 64 MiB of page cache (default 2 MiB): the report's aggregates over a year of 100,000 contacts stay in memory,
  // so the dashboard's first visit costs ~100 ms of queries instead of ~300.
  sqlite.pragma('cache_size = -65536');
  return { db: new Kysely<Database>({ dialect: new SqliteDialect({ database: cacheStatements(sqlite) }) }), dialect: 'sqlite', sqlite };
}
