import { createStore } from '../../src/store/create-store';
import type { Store } from '../../src/store/store-port';
import { createPgDatabase } from './test-database';

/**
 * Several leadloop instances' stores on one PostgreSQL database, as the cross-instance tests (test/pg) open them:
 * `open(n, poolMax)` makes a fresh database and `n` stores on it, `open(n, poolMax, url)` more on one already made.
 * Every store opened is closed after each test. Call it in a `describe` body (it registers the `afterEach`).
 */
/** The stores opened; the first four typed as present, for destructuring (a test takes no more than it opened). */
type Instances = Store[] & { 0: Store; 1: Store; 2: Store; 3: Store };

export function pgInstances(): (n: number, poolMax: number, url?: string) => Promise<{ url: string; stores: Instances }> {
  let opened: Store[] = [];
  afterEach(async () => {
    await Promise.all(opened.map((s) => s.close()));
    opened = [];
  });
  return async (n, poolMax, url = createPgDatabase()) => {
    const stores: Store[] = [];
    for (let i = 0; i < n; i += 1) stores.push(await createStore(url, { poolMax }));
    opened.push(...stores);
    return { url, stores: stores as Instances };
  };
}
