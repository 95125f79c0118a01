import fs from 'node:fs';
import { sql, type Kysely, type Transaction } from 'kysely';
import { parseDatabaseUrl } from '../config/database-url';
import { migrateToLatest } from './migrate';
import { openDatabase, type OpenedDatabase } from './open-database';
import { isKnownTable, TABLE_KEYS, TABLE_NAMES, type TableName } from './table-keys';

/** Tables read by name: the copy moves rows as they are, whatever their columns. */
type AnyDb = Kysely<Record<string, Record<string, unknown>>>;
type AnyTx = Transaction<Record<string, Record<string, unknown>>>;

export interface CopyProgress { table: TableName; done: number; total: number }
export interface TableCopied { table: TableName; rows: number }

export interface CopyOptions {
  /** Count what would be copied; migrate nothing, write nothing. */
  dryRun?: boolean;
  /** Rows read per page (keyset by the table's key). */
  pageSize?: number;
  onProgress?: (p: CopyProgress) => void;
}

/** A copy that would lose or mix data; nothing was written. */
export class CopyRefusedError extends Error {
  readonly code = 'STORE.COPY_REFUSED';
}

// SQLite binds at most 32,766 parameters per statement (PostgreSQL 65,535): an insert's rows × columns stay below.
const MAX_PARAMETERS = 30_000;

const open = (url: string): OpenedDatabase & { any: AnyDb } => {
  const opened = openDatabase(url, { poolMax: 2 });
  return { ...opened, any: opened.db as unknown as AnyDb };
};

/**
 * leadloop's tables in a database (the migrator's left out). In the source, a table leadloop does not know is
 * refused: it would be left behind in silence. In the destination, others' tables are none of the copy's business.
 */
async function tablesOf(db: AnyDb, strict: boolean): Promise<TableName[]> {
  const tables = await db.introspection.getTables();
  // PostgreSQL lists every schema the role can use: leadloop's is the one holding its first table.
  const home = tables.find((t) => t.name === 'webhook_events')?.schema;
  const ours = tables.filter((t) => !t.isView && t.schema === home).map((t) => t.name);
  const unknown = ours.filter((t) => !isKnownTable(t));
  if (strict && unknown.length > 0) {
    throw new CopyRefusedError(
      `the source database has table(s) this leadloop does not know: ${unknown.join(', ')}. They would be left behind: ` +
        'copy with the leadloop version that created them, or remove them if they are not leadloop\'s.',
    );
  }
  return TABLE_NAMES.filter((t) => ours.includes(t));
}

const countRows = async (db: AnyDb | AnyTx, table: TableName): Promise<number> =>
  Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

/** Refuses a destination that already holds leadloop rows: two histories would collide on ids and keys. */
async function assertEmpty(db: AnyDb, tables: TableName[]): Promise<void> {
  const filled: string[] = [];
  for (const t of tables) {
    const n = await countRows(db, t);
    if (n > 0) filled.push(`${t} (${n})`);
  }
  if (filled.length > 0) {
    throw new CopyRefusedError(
      `the destination already holds leadloop data: ${filled.join(', ')}. A copy goes into an empty database only ` +
        '(merging two histories would mix ids and decisions); nothing was written. Point --to at a new database, ' +
        'or drop and create this one.',
    );
  }
}

/** One page of `table` after the last key read, in key order. */
function readPage(tx: AnyTx, table: TableName, after: Record<string, unknown> | undefined, limit: number) {
  const key = TABLE_KEYS[table].columns as readonly string[];
  let q = tx.selectFrom(table).selectAll();
  for (const c of key) q = q.orderBy(c);
  if (after) {
    const [a, b, c] = key;
    if (key.length === 1) q = q.where(a!, '>', after[a!]);
    else if (key.length === 2) q = q.where((eb) => eb(eb.refTuple(a!, b!), '>', eb.tuple(after[a!], after[b!])));
    else q = q.where((eb) => eb(eb.refTuple(a!, b!, c!), '>', eb.tuple(after[a!], after[b!], after[c!])));
  }
  return q.limit(limit).execute();
}

async function copyTable(src: AnyTx, dst: AnyTx, table: TableName, total: number, options: CopyOptions): Promise<number> {
  const pageSize = options.pageSize ?? 1000;
  let done = 0;
  let last: Record<string, unknown> | undefined;
  for (;;) {
    const rows = await readPage(src, table, last, pageSize);
    if (rows.length === 0) break;
    const chunk = Math.max(1, Math.floor(MAX_PARAMETERS / Object.keys(rows[0]!).length));
    for (let i = 0; i < rows.length; i += chunk) await dst.insertInto(table).values(rows.slice(i, i + chunk)).execute();
    done += rows.length;
    last = rows[rows.length - 1];
    options.onProgress?.({ table, done, total });
    if (rows.length < pageSize) break;
  }
  return done;
}

/**
 * PostgreSQL hands out ids from a sequence that copied rows (inserted with their ids) did not move: set it past
 * the largest id, or the next delivery would collide with a copied one. SQLite's rowid follows the rows by itself.
 */
async function moveSequences(dst: AnyTx, tables: TableName[]): Promise<void> {
  for (const t of tables.filter((n) => TABLE_KEYS[n].serial)) {
    await sql`select setval(pg_get_serial_sequence(${t}, 'id'), coalesce((select max(id) from ${sql.table(t)}), 0) + 1, false)`.execute(dst);
  }
}

async function copyAll(from: ReturnType<typeof open>, to: ReturnType<typeof open>, tables: TableName[], options: CopyOptions): Promise<TableCopied[]> {
  // One snapshot of the source (every table as of one moment) and one transaction on the destination: a copy
  // that fails half-way leaves the destination empty, so it can simply be run again.
  const snapshot = from.dialect === 'postgres' ? from.any.transaction().setIsolationLevel('repeatable read') : from.any.transaction();
  return snapshot.execute((src) =>
    to.any.transaction().execute(async (dst) => {
      const copied: TableCopied[] = [];
      for (const table of tables) {
        const total = await countRows(src, table);
        const rows = await copyTable(src, dst, table, total, options);
        const landed = await countRows(dst, table);
        if (rows !== total || landed !== total) throw new Error(`db copy: ${table} has ${total} rows in the source, ${rows} were read and ${landed} landed; nothing was written`);
        copied.push({ table, rows });
      }
      if (to.dialect === 'postgres') await moveSequences(dst, tables);
      return copied;
    }),
  );
}

/** Whether a SQLite destination has no file yet (a dry run must not create it). */
const isAbsentFile = (url: string) => {
  const location = parseDatabaseUrl(url);
  return 'file' in location && location.file !== ':memory:' && !fs.existsSync(location.file);
};

/**
 * Copies every leadloop table from one database to another (SQLite or PostgreSQL either side), keeping ids.
 * Both are migrated to the latest schema first; the destination must hold no leadloop rows.
 */
export async function copyDatabase(fromUrl: string, toUrl: string, options: CopyOptions = {}): Promise<TableCopied[]> {
  const from = open(fromUrl);
  const to = options.dryRun && isAbsentFile(toUrl) ? undefined : open(toUrl);
  try {
    if (!options.dryRun) await migrateToLatest(from.db as never);
    const tables = await tablesOf(from.any, true);
    if (to) await assertEmpty(to.any, await tablesOf(to.any, false));
    if (options.dryRun) {
      const counts: TableCopied[] = [];
      for (const table of tables) counts.push({ table, rows: await countRows(from.any, table) });
      return counts;
    }
    const missing = TABLE_NAMES.filter((t) => !tables.includes(t));
    if (missing.length > 0) throw new Error(`db copy: the migrated source lacks ${missing.join(', ')}; nothing was written`);
    await migrateToLatest(to!.db as never);
    return await copyAll(from, to!, tables, options);
  } finally {
    await from.db.destroy();
    await to?.db.destroy();
  }
}
