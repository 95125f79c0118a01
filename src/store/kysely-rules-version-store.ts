import type { Kysely } from 'kysely';
import type { RulesVersion, RulesVersionStore } from './rules-version-store-port';
import type { Database } from './schema';

const toVersion = (r: { hash: string; applied_at: number; author: string }): RulesVersion => ({ hash: r.hash, appliedAt: Number(r.applied_at), author: r.author });

export function createKyselyRulesVersionStore(db: Kysely<Database>): RulesVersionStore {
  return {
    async recordRulesVersion(v) {
      await db.insertInto('rules_versions').values({ hash: v.hash, content: v.content, applied_at: v.appliedAt, author: v.author }).execute();
    },
    async rulesVersionOf(hash) {
      const r = await db.selectFrom('rules_versions').select(['hash', 'applied_at', 'author']).where('hash', '=', hash).orderBy('id', 'desc').limit(1).executeTakeFirst();
      return r ? toVersion(r) : null;
    },
    async latestRulesVersion() {
      const r = await db.selectFrom('rules_versions').select(['hash', 'applied_at', 'author']).orderBy('id', 'desc').limit(1).executeTakeFirst();
      return r ? toVersion(r) : null;
    },
    async rulesVersionBefore(hash) {
      const since = await db.selectFrom('rules_versions').select('id').where('hash', '=', hash).orderBy('id', 'desc').limit(1).executeTakeFirst();
      if (!since) return null;
      const r = await db
        .selectFrom('rules_versions')
        .select(['hash', 'applied_at', 'author', 'content'])
        .where('id', '<', since.id)
        .where('hash', '!=', hash)
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      return r ? { ...toVersion(r), content: r.content } : null;
    },
  };
}
