import { PostgresAdapter, type ColumnDataType, type ColumnDefinitionBuilder, type Kysely } from 'kysely';

type ColumnSpec = [type: ColumnDataType, build: (c: ColumnDefinitionBuilder) => ColumnDefinitionBuilder];

const isPostgres = (db: Kysely<unknown>) => db.getExecutor().adapter instanceof PostgresAdapter;

/**
 * The few column types the two dialects spell differently. On SQLite these are exactly what the migrations said
 * before PostgreSQL existed, so databases created then are unchanged.
 */
export const columnTypes = (db: Kysely<unknown>) => ({
  /** A generated row id: SQLite's rowid alias; PostgreSQL has no `autoincrement` keyword: `bigserial`. */
  id: (): ColumnSpec => (isPostgres(db) ? ['bigserial', (c) => c.primaryKey()] : ['integer', (c) => c.primaryKey().autoIncrement()]),
  /** A score or an amount: SQLite's REAL is 8 bytes; PostgreSQL's `real` is 4 (7 digits), its 8-byte is `double precision`. */
  float: (): ColumnDataType => (isPostgres(db) ? 'double precision' : 'real'),
});
