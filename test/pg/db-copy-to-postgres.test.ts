import { createStore } from '../../src/store/create-store';
import { clock, contents, DAY, event, leadloop, maxId, populateSqlite } from '../helpers/db-copy-fixtures';
import { createPgDatabase, listTables, queryDatabase } from '../helpers/test-database';

/** `leadloop db copy` from a populated SQLite file into PostgreSQL (npm run test:pg; the SQLite cases: test/integration/store/db-copy.test.ts). */
describe('leadloop db copy into PostgreSQL', () => {
  let source: string;
  let tables: string[];
  beforeAll(async () => {
    source = await populateSqlite();
    tables = listTables(source).sort();
  }, 60_000);

  it('copies a populated SQLite file into PostgreSQL row for row, ids kept, sequences moved on', async () => {
    const dest = createPgDatabase();
    const before = contents(source, tables);

    const dry = leadloop('db', 'copy', '--from', source, '--to', dest, '--dry-run');
    expect(dry.code).toBe(0);
    for (const t of tables) expect(dry.stdout).toMatch(new RegExp(`^would copy ${t} +${before[t]!.length} rows$`, 'm'));
    expect(listTables(dest)).toEqual([]); // a dry run migrates nothing

    const run = leadloop('db', 'copy', '--from', source, '--to', dest);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(listTables(dest).sort()).toEqual(tables);
    expect(contents(dest, tables)).toEqual(before);
    for (const t of tables) expect(run.stdout).toContain(`copied ${t}`);
    // The password never shows.
    const password = new URL(dest).password;
    expect(run.stdout).not.toContain(`:${password}@`);
    expect(run.stdout).toContain(':***@');

    // New rows continue after the copied ids, as the next delivery and the next MQL would.
    const eventsMax = maxId(dest, 'webhook_events');
    const itemsMax = maxId(dest, 'sla_items');
    const store = await createStore(dest);
    try {
      await store.insertWebhookEvents([{ ...event(9999), eventId: 'after-copy' }], clock.now());
      const at = clock.now();
      const item = await store.openSlaItem({ portalId: 77, contactId: 'after-copy', openedAt: at, ownerId: null, clockStartAt: at, firstTouchDueAt: at + DAY, firstTouchAt: null, touches: [], noticesGiven: [], status: 'open', nextCheckAt: at + DAY });
      expect(item.id).toBeGreaterThan(itemsMax);
    } finally {
      await store.close();
    }
    expect(queryDatabase<{ id: number }>(dest, "select id from webhook_events where event_id = 'after-copy'")[0]!.id).toBeGreaterThan(eventsMax);

    // A second copy into the filled database is refused, and writes nothing.
    const again = leadloop('db', 'copy', '--from', source, '--to', dest);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/--to|destination already holds leadloop data/);
    expect(again.stderr).not.toContain(`:${password}@`);
    expect(queryDatabase<{ n: number }>(dest, 'select count(*) as n from webhook_events')[0]!.n).toBe(before.webhook_events!.length + 1);
  }, 60_000);
});
