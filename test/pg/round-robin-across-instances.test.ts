import pg from 'pg';
import { pgInstances } from '../helpers/pg-instances';

/**
 * Four instances route MQLs of one portal at the same time, as several leadloop processes on PostgreSQL do: the
 * owners must still come in turn. A read of the last owner then a write of the next let two instances read the
 * same owner and both hand their lead to the next one (two leads to one rep, another skipped).
 */
const OWNERS = ['owner-a', 'owner-b', 'owner-c'];
const INSTANCES = 4;
const CALLS_PER_INSTANCE = 15;
const PORTAL = 7;

describe('round robin across instances (PostgreSQL)', () => {
  const instances = pgInstances();

  it('hands out owners strictly in turn, each the same number of leads', async () => {
    const { url, stores } = await instances(INSTANCES, 3);
    // Every owner written to the portal's routing row, in the order the writes happened (a row's writes are
    // ordered by its lock, which each holds to its commit): an independent record of the sequence, kept by the database.
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`
        create table rr_log (seq serial primary key, owner text not null);
        create function rr_log_write() returns trigger language plpgsql as $$
          begin insert into rr_log (owner) values (new.last_owner_id); return new; end $$;
        create trigger rr_log_write after insert or update on routing_state for each row execute function rr_log_write();`);

      const calls = stores.flatMap((s) => Array.from({ length: CALLS_PER_INSTANCE }, () => s.nextRoundRobinOwner(PORTAL, OWNERS)));
      const given = await Promise.all(calls);

      const perOwner = Object.fromEntries(OWNERS.map((o) => [o, given.filter((g) => g === o).length]));
      const n = INSTANCES * CALLS_PER_INSTANCE;
      expect(perOwner).toEqual({ 'owner-a': n / 3, 'owner-b': n / 3, 'owner-c': n / 3 });
      const { rows } = await admin.query<{ owner: string }>('select owner from rr_log order by seq');
      const inTurn = Array.from({ length: n }, (_, i) => OWNERS[i % OWNERS.length]);
      expect(rows.map((r) => r.owner)).toEqual(inTurn);
    } finally {
      await admin.end();
    }
  }, 60_000);
});
