import type { Kysely, Selectable } from 'kysely';
import type { ContractTerms, ContractVersion } from '../domain/contract-versions';
import type { ContractStore, ReviewSend, ReviewStore } from './contract-store-port';
import type { ContractVersionTable, Database, ReviewSendTable } from './schema';

const versionOf = (r: Selectable<ContractVersionTable>): ContractVersion => ({
  id: Number(r.id),
  hash: r.hash,
  terms: JSON.parse(r.terms) as ContractTerms,
  startsAt: Number(r.starts_at),
  recordedAt: Number(r.recorded_at),
  author: r.author,
});

const sendOf = (r: Selectable<ReviewSendTable>): ReviewSend => ({
  sendKey: r.send_key,
  month: r.month,
  channel: r.channel,
  recipient: r.recipient,
  status: r.status,
  attempts: Number(r.attempts),
  claimedAt: Number(r.claimed_at),
  sentAt: r.sent_at === null ? null : Number(r.sent_at),
  lastError: r.last_error,
});

export function createKyselyContractStore(db: Kysely<Database>): ContractStore & ReviewStore {
  return {
    async recordContractVersion(v) {
      const row = await db
        .insertInto('contract_versions')
        .values({ hash: v.hash, terms: JSON.stringify(v.terms), starts_at: v.startsAt, recorded_at: v.recordedAt, author: v.author })
        .returningAll()
        .executeTakeFirstOrThrow();
      return versionOf(row);
    },
    async contractVersions() {
      return (await db.selectFrom('contract_versions').selectAll().orderBy('starts_at').orderBy('id').execute()).map(versionOf);
    },
    async claimReviewSend(s, now, maxAttempts) {
      const inserted = await db
        .insertInto('review_sends')
        .values({ send_key: s.sendKey, month: s.month, channel: s.channel, recipient: s.recipient, status: 'sending', claimed_at: now, sent_at: null, last_error: null })
        .onConflict((oc) => oc.column('send_key').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (inserted) return true;
      // A send the channel refused is taken up again, by one caller only: the update's condition is the lock.
      const retaken = await db
        .updateTable('review_sends')
        .set((eb) => ({ status: 'sending', claimed_at: now, attempts: eb('attempts', '+', 1) }))
        .where('send_key', '=', s.sendKey)
        .where('status', '=', 'failed')
        .where('attempts', '<', maxAttempts)
        .executeTakeFirst();
      return Number(retaken.numUpdatedRows) === 1;
    },
    async finishReviewSend(sendKey, outcome, now) {
      await db
        .updateTable('review_sends')
        .set(outcome.sent ? { status: 'sent', sent_at: now, last_error: null } : { status: 'failed', last_error: outcome.error.slice(0, 500) })
        .where('send_key', '=', sendKey)
        .execute();
    },
    async reviewSends(month) {
      return (await db.selectFrom('review_sends').selectAll().where('month', '=', month).orderBy('id').execute()).map(sendOf);
    },
  };
}
