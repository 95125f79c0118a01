import { createKyselyStore } from './kysely-store';
import { migrateToLatest } from './migrate';
import { openDatabase, type OpenOptions } from './open-database';
import type { Store } from './store-port';

/** Opens the store named by DATABASE_URL and brings its schema up to date. */
export async function createStore(databaseUrl: string, options: OpenOptions = {}): Promise<Store> {
  const { db, dialect, sqlite } = openDatabase(databaseUrl, options);
  await migrateToLatest(db as never);
  return createKyselyStore(db, dialect, sqlite);
}
