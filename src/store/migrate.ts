import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { webhookEvents } from './migrations/001-webhook-events';
import { contactsAndDecisions } from './migrations/002-contacts-and-decisions';
import { crmWrites } from './migrations/003-crm-writes';
import { erasedContacts } from './migrations/004-erased-contacts';
import { portals } from './migrations/005-portals';
import { sla } from './migrations/006-sla';
import { contactFunnel } from './migrations/007-contact-funnel';
import { rulesVersions } from './migrations/008-rules-versions';
import { reconcileWatermarks } from './migrations/009-reconcile-watermarks';
import { backfillCheckpoints } from './migrations/010-backfill-checkpoints';
import { slaRetries } from './migrations/011-sla-retries';
import { jobRuns } from './migrations/012-job-runs';
import { dealOutcomes } from './migrations/013-deal-outcomes';
import { funnelOriginDetail } from './migrations/014-funnel-origin-detail';
import { contractVersions } from './migrations/016-contract-versions';
import { reviewSends } from './migrations/017-review-sends';

/** Migrations in order; names are permanent once released. */
const migrations: Record<string, Migration> = {
  '001-webhook-events': webhookEvents,
  '002-contacts-and-decisions': contactsAndDecisions,
  '003-crm-writes': crmWrites,
  '004-erased-contacts': erasedContacts,
  '005-portals': portals,
  '006-sla': sla,
  '007-contact-funnel': contactFunnel,
  '008-rules-versions': rulesVersions,
  '009-reconcile-watermarks': reconcileWatermarks,
  '010-backfill-checkpoints': backfillCheckpoints,
  '011-sla-retries': slaRetries,
  '012-job-runs': jobRuns,
  '013-deal-outcomes': dealOutcomes,
  '014-funnel-origin-detail': funnelOriginDetail,
  '016-contract-versions': contractVersions,
  '017-review-sends': reviewSends,
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
