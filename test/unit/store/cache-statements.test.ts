import SqliteDatabase from 'better-sqlite3';
import { cacheStatements } from '../../../src/store/cache-statements';

test('prepares each SQL text once, keeps the most recently used, and the cached statement still answers', () => {
  const sqlite = new SqliteDatabase(':memory:');
  const prepare = jest.spyOn(sqlite, 'prepare');
  const db = cacheStatements(sqlite, 2);
  db.prepare('create table t (n integer)').run([]);
  const insert = (n: number) => db.prepare('insert into t (n) values (?)').run([n]);
  insert(1);
  insert(2);
  expect(db.prepare('select sum(n) as s from t').all([])).toEqual([{ s: 3 }]);
  expect(prepare).toHaveBeenCalledTimes(3); // create, insert, select: the insert once for both rows
  insert(3); // used again: the create is now the least recently used, and it goes
  db.prepare('select count(*) as c from t').all([]);
  db.prepare('create table u (n integer)').run([]);
  expect(prepare.mock.calls.map(([sql]) => sql)).toEqual(['create table t (n integer)', 'insert into t (n) values (?)', 'select sum(n) as s from t', 'select count(*) as c from t', 'create table u (n integer)']);
  db.close();
});
