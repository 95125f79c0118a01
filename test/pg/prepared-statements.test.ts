import pg from 'pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { openPostgres, preparingPool } from '../../src/store/open-postgres';
import { loadConfig } from '../../src/config/load-config';
import { createPgDatabase, execDatabase } from '../helpers/test-database';

/**
 * Each statement text is prepared once per connection and then only bound and executed. Checked in PostgreSQL's
 * own view of the session's prepared statements (pg_prepared_statements), not in our bookkeeping.
 */
type Row = { name: string; statement: string };
// One connection, so that every query below runs in the session the view describes.
const preparedIn = (db: Kysely<never>) => sql<Row>`select name, statement from pg_prepared_statements where statement like '%greeting%'`.execute(db).then((r) => r.rows);

describe('prepared statements (PostgreSQL)', () => {
  let url: string;
  const opened: Array<Kysely<never>> = [];
  beforeEach(() => {
    url = createPgDatabase();
    execDatabase(url, 'create table greetings (id int primary key, greeting text)');
    execDatabase(url, "insert into greetings values (1, 'hello'), (2, 'hi')");
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((db) => db.destroy()));
  });
  const open = (db: Kysely<never>) => (opened.push(db), db);
  const byId = (db: Kysely<never>, id: number) => sql<{ greeting: string }>`select greeting from greetings where id = ${id}`.execute(db).then((r) => r.rows);

  it('prepares a statement once per connection, under a name, and binds each call its own values', async () => {
    const db = open(openPostgres(url, { poolMax: 1 }) as unknown as Kysely<never>);
    expect(await byId(db, 1)).toEqual([{ greeting: 'hello' }]);
    expect(await byId(db, 2)).toEqual([{ greeting: 'hi' }]);
    expect(await byId(db, 1)).toEqual([{ greeting: 'hello' }]);
    const prepared = (await preparedIn(db)).filter((r) => r.statement.includes('greetings where id'));
    expect(prepared).toHaveLength(1);
    expect(prepared[0]!.name).toMatch(/^leadloop_\d+$/);
  });

  it('prepares nothing with DATABASE_PREPARED_STATEMENTS=0 (a pooler in transaction mode cannot keep them)', async () => {
    const { env } = loadConfig({ DATABASE_URL: url, DATABASE_PREPARED_STATEMENTS: '0' });
    expect(env.DATABASE_PREPARED_STATEMENTS).toBe(false);
    const db = open(openPostgres(url, { poolMax: 1, preparedStatements: env.DATABASE_PREPARED_STATEMENTS }) as unknown as Kysely<never>);
    expect(await byId(db, 1)).toEqual([{ greeting: 'hello' }]);
    expect(await preparedIn(db)).toEqual([]);
  });

  it('names no more texts than its cap: the others are still answered, unnamed', async () => {
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    const db = open(new Kysely<never>({ dialect: new PostgresDialect({ pool: preparingPool(pool, 2) }) }));
    const texts = ['select greeting from greetings where id = 1', 'select greeting from greetings where id = 2', 'select greeting, id from greetings where id = 1'];
    for (const text of texts) expect((await sql.raw<{ greeting: string }>(text).execute(db)).rows[0]!.greeting).toMatch(/^h/);
    // The two named, and the view's own query was over the cap too.
    expect((await preparedIn(db)).map((r) => r.statement).sort()).toEqual(texts.slice(0, 2).sort());
  });

  it('sends a statement of more than 100 parameters unnamed (a multi-row insert would make a large prepared text per row count)', async () => {
    const db = open(openPostgres(url, { poolMax: 1 }) as unknown as Kysely<never>);
    const ids = (n: number) => sql.join(Array.from({ length: n }, (_, i) => sql`${i + 1}`));
    const among = (n: number) => sql<{ greeting: string }>`select greeting from greetings where id in (${ids(n)}) order by id`.execute(db).then((r) => r.rows.map((x) => x.greeting));
    expect(await among(100)).toEqual(['hello', 'hi']);
    expect(await among(101)).toEqual(['hello', 'hi']);
    const lists = (await preparedIn(db)).filter((r) => r.statement.includes('where id in'));
    expect(lists.map((r) => (r.statement.match(/\$\d+/g) ?? []).length)).toEqual([100]);
  });

  it('after another instance adds a column under a prepared `select *`, fails that call only and then reads the new column', async () => {
    const db = open(openPostgres(url, { poolMax: 1 }) as unknown as Kysely<never>);
    const all = () => sql<Record<string, unknown>>`select * from greetings where id = ${1}`.execute(db).then((r) => r.rows);
    expect(await all()).toEqual([{ id: 1, greeting: 'hello' }]);
    execDatabase(url, "alter table greetings add column language text not null default 'en'");
    // PostgreSQL refuses a prepared statement whose result type changed (SQLSTATE 0A000): the caller retries.
    await expect(all()).rejects.toMatchObject({ code: '0A000' });
    expect(await all()).toEqual([{ id: 1, greeting: 'hello', language: 'en' }]);
    expect(await all()).toEqual([{ id: 1, greeting: 'hello', language: 'en' }]);
  });

  it('refuses DATABASE_PREPARED_STATEMENTS other than 1/true or 0/false, naming it', () => {
    expect(() => loadConfig({ DATABASE_URL: url, DATABASE_PREPARED_STATEMENTS: 'sometimes' })).toThrow(/DATABASE_PREPARED_STATEMENTS.*expected 1\/true or 0\/false/);
  });
});
