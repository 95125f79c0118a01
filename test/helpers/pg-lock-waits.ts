import pg from 'pg';

/**
 * Resolves once at least `n` sessions of the database wait on a lock (PostgreSQL's own view, pg_stat_activity), or
 * as soon as `stopWaiting()` says the awaited call finished without waiting; fails naming `what` after 5 s. How a
 * test knows that a call has reached a lock the test holds, without sleeping.
 */
export async function waitForLockWaiters(url: string, n: number, what: string, stopWaiting: () => boolean = () => false): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (let i = 0; i < 500; i += 1) {
      if (stopWaiting()) return;
      const { rows } = await client.query<{ n: number }>("select count(*)::int n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'");
      if (rows[0]!.n >= n) return;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`${what}: ${n} never waited on a lock`);
  } finally {
    await client.end();
  }
}
