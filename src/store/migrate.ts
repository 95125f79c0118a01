import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { webhookEvents } from './migrations/001-webhook-events';

/** Migrations in order; names are permanent once released. */
const migrations: Record<string, Migration> = {
  '001-webhook-events': webhookEvents,
};

const provider: MigrationProvider = { getMigrations: () => Promise.resolve(migrations) };

export async function migrateToLatest(db: Kysely<unknown>): Promise<void> {
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw Object.assign(new Error(`store migration ${failed?.migrationName ?? ''} failed`), {
      code: 'STORE.MIGRATION_FAILED',
      cause: error,
    });
  }
}
