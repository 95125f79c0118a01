import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { claimDataDir } from '../../../src/runtime/instance-lock';
import { copyDatabase } from '../../../src/store/copy-database';
import { contents, leadloop, populateSqlite } from '../../helpers/db-copy-fixtures';
import { listTables, queryDatabase } from '../../helpers/test-database';

// Into PostgreSQL: test/pg/db-copy-to-postgres.test.ts (npm run test:pg).
describe('leadloop db copy', () => {
  let source: string;
  let tables: string[];
  beforeAll(async () => {
    source = await populateSqlite();
    tables = listTables(source).sort();
  }, 60_000);

  it('starts from a source where every leadloop table holds rows (else a table left behind would go unnoticed)', () => {
    expect(tables.length).toBeGreaterThanOrEqual(20);
    const empty = tables.filter((t) => queryDatabase<{ n: number }>(source, `select count(*) as n from ${t}`)[0]!.n === 0);
    expect(empty).toEqual([]);
  });

  it('copies into a SQLite file the same way (the code path for PostgreSQL → SQLite too)', () => {
    const dest = `sqlite:${path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-copy-dst-')), 'copy.sqlite')}`;
    const before = contents(source, tables);
    const run = leadloop('db', 'copy', '--from', source, '--to', dest);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(contents(dest, tables)).toEqual(before);
    const again = leadloop('db', 'copy', '--from', source, '--to', dest);
    expect([again.code, again.stderr]).toEqual([2, expect.stringMatching(/destination already holds leadloop data: .*webhook_events \(2\d{3}\)/)]);
  });

  it('pages through keys of one, two and three columns without losing or repeating a row (pages of 2 rows)', async () => {
    const dest = `sqlite:${path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-copy-pages-')), 'copy.sqlite')}`;
    const seen: string[] = [];
    await copyDatabase(source, dest, { pageSize: 2, onProgress: (p) => seen.push(p.table) });
    expect(contents(dest, tables)).toEqual(contents(source, tables));
    // score_ledger (3-column key) and contacts (2 columns) really took several pages.
    expect(seen.filter((t) => t === 'score_ledger').length).toBeGreaterThan(5);
    expect(seen.filter((t) => t === 'contacts').length).toBeGreaterThan(1);
  });

  it('refuses a source file a running leadloop holds, and a dry run only warns', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-copy-lock-'));
    const file = source.replace(/^sqlite:/, '');
    const lock = claimDataDir(dataDir, file); // what a running `leadloop start` holds on its file
    try {
      const dest = `sqlite:${path.join(dataDir, 'dest.sqlite')}`;
      const run = leadloop('db', 'copy', '--from', source, '--to', dest);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`--from: a running leadloop (pid ${process.pid}`);
      expect(fs.existsSync(path.join(dataDir, 'dest.sqlite'))).toBe(false);
      const dry = leadloop('db', 'copy', '--from', source, '--to', dest, '--dry-run');
      expect(dry.code).toBe(0);
      expect(dry.stderr).toContain('warning: --from: a running leadloop');
    } finally {
      lock.release();
    }
  });

  it('names the flag and the reason for a bad URL, never echoing a password', () => {
    const bad = leadloop('db', 'copy', '--from', source, '--to', 'mysql://admin:hunter2@db/leadloop');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^leadloop: --to: the scheme "mysql:" is not supported/);
    expect(bad.stderr).not.toContain('hunter2');
    const missing = leadloop('db', 'copy', '--from', 'sqlite:/nonexistent/leadloop.sqlite', '--to', 'sqlite::memory:');
    expect(missing.stderr).toMatch(/--to: an in-memory database/);
    expect(leadloop('db', 'copy', '--help').stdout).toMatch(/--dry-run/);
  });
});
