import { createHash } from 'node:crypto';
import { sql, type Insertable, type Kysely } from 'kysely';
import type { ContactActivity } from '../domain/contact-activity';
import type { ContactProperties, ContactStore } from './contact-store-port';
import { lockContact } from './lock-contact';
import { lockedInUnit } from './unit-of-work';
import { precompiled, rowsOf } from './precompiled-query';
import { CONTACT_TABLES, type Database } from './schema';

const contactHash = (portalId: number, contactId: string) => createHash('sha256').update(`${portalId}:${contactId}`).digest('hex');

type PropertyState = Record<string, { value: string | null; at: number }>;

const valuesOf = (state: PropertyState): ContactProperties => Object.fromEntries(Object.entries(state).map(([k, v]) => [k, v.value]));

/** A decision is worth a new row when what a person would see changes, not on every recomputation. */
const outcomeKey = (d: { stage: { to: string }; cell: string; score: number; fit: { grade: string }; configHash: string }) =>
  `${d.stage.to}|${d.cell}|${d.fit.grade}|${Math.round(d.score)}|${d.configHash}`;

// The worker's statements for every contact, built once (precompiled-query.ts).
const upsertContactRow = precompiled((db: Kysely<Database>, portalId: number, contactId: string) =>
  db
    .insertInto('contacts')
    .values({ portal_id: portalId, contact_id: contactId, properties: '{}', updated_at: 0 })
    .onConflict((oc) => oc.columns(['portal_id', 'contact_id']).doUpdateSet((eb) => ({ updated_at: eb.ref('contacts.updated_at') })))
    .returning('properties'),
);
const writeProperties = precompiled((db: Kysely<Database>, properties: string, updatedAt: number, portalId: number, contactId: string) =>
  db.updateTable('contacts').set({ properties, updated_at: updatedAt }).where('portal_id', '=', portalId).where('contact_id', '=', contactId),
);
const selectActivities = precompiled((db: Kysely<Database>, portalId: number, contactId: string) =>
  db.selectFrom('contact_activities').select('detail').where('portal_id', '=', portalId).where('contact_id', '=', contactId).orderBy('occurred_at').orderBy('id'),
);
const selectBeforeEvents = precompiled((db: Kysely<Database>, portalId: number, contactId: string, hash: string) =>
  db.selectNoFrom((eb) => [
    eb.selectFrom('contacts').select('properties').where('portal_id', '=', portalId).where('contact_id', '=', contactId).as('properties'),
    eb.exists(eb.selectFrom('erased_contacts').select('contact_hash').where('contact_hash', '=', hash)).as('erased'),
  ]),
);
const deleteLedger = precompiled((db: Kysely<Database>, portalId: number, contactId: string) => db.deleteFrom('score_ledger').where('portal_id', '=', portalId).where('contact_id', '=', contactId));
const LEDGER_COLUMNS = ['portal_id', 'contact_id', 'line_no', 'rule_id', 'kind', 'description', 'evidence', 'points', 'at', 'config_hash', 'computed_at'] as const;
/** The ledger's rows, their values flat in LEDGER_COLUMNS order (one template per row count). */
const insertLedger = precompiled((db: Kysely<Database>, ...flat: unknown[]) => db.insertInto('score_ledger').values(rowsOf<Insertable<Database['score_ledger']>>(LEDGER_COLUMNS, flat)));
const DECISION_COLUMNS = ['portal_id', 'contact_id', 'computed_at', 'config_hash', 'stage_from', 'stage_to', 'stage_changed', 'fit_score', 'fit_grade', 'engagement_score', 'score', 'cell', 'tactic', 'explanation', 'outcome_key'] as const;
// Inserted unless the last decision has the same outcome: one statement where a read and an insert were (each a
// round trip on PostgreSQL). PostgreSQL types the selected parameters from the insert's columns.
const insertChangedDecision = precompiled((db: Kysely<Database>, ...values: unknown[]) => {
  const [portalId, contactId] = values as [number, string];
  const key = values[DECISION_COLUMNS.indexOf('outcome_key')] as string;
  return db
    .insertInto('decisions')
    .columns([...DECISION_COLUMNS])
    .expression(
      db
        .selectNoFrom((eb) => DECISION_COLUMNS.map((c, i) => eb.val(values[i]).as(c)))
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom((sub) => sub.selectFrom('decisions').select('outcome_key').where('portal_id', '=', portalId).where('contact_id', '=', contactId).orderBy('id', 'desc').limit(1).as('last'))
                .select('last.outcome_key')
                .where('last.outcome_key', '=', key),
            ),
          ),
        ),
    )
    .returning('id');
});

export function createKyselyContactStore(db: Kysely<Database>): ContactStore {
  const activitiesOf = async (portalId: number, contactId: string): Promise<ContactActivity[]> => {
    const { rows } = await selectActivities(db, portalId, contactId);
    return rows.map((a) => JSON.parse(a.detail) as ContactActivity);
  };
  return {
    async applyContactChanges(portalId, contactId, changes, activities) {
      return db.transaction().execute(async (tx) => {
        // The properties are one row, merged here (read, merge, write), and two writers of one contact can meet:
        // the worker and the card's "Re-score now" (outside the queue, on any instance). So the row is read by an
        // upsert that changes nothing: it makes a new contact's row (empty) and takes the row's lock, and on
        // PostgreSQL it waits for a writer holding the row and returns what that writer committed. The second
        // writer merges into the first's properties instead of writing over them
        // (test/pg/contact-changes-across-instances.test.ts). On SQLite, writes are serialized anyway.
        const [row] = (await upsertContactRow(tx, portalId, contactId)).rows;
        // The upsert holds the contact's row lock to the end of the transaction: in a unit of work, the bookkeeping
        // that follows need not take it again (lockContact).
        lockedInUnit(tx, `${portalId}:${contactId}`);
        const props = JSON.parse(row!.properties) as PropertyState;
        // A new contact's row is already written (empty): only changes need a write.
        let changed = false;
        for (const c of changes) {
          const current = props[c.name];
          if (current && current.at > c.at) continue; // a late, older event never overwrites a newer value
          props[c.name] = { value: c.value, at: c.at };
          changed = true;
        }
        if (changed) {
          const updatedAt = Math.max(0, ...changes.map((c) => c.at));
          await writeProperties(tx, JSON.stringify(props), updatedAt, portalId, contactId);
        }
        if (activities.length > 0) {
          await tx
            .insertInto('contact_activities')
            .values(
              activities.map(({ activity, sourceKey }) => ({
                portal_id: portalId,
                contact_id: contactId,
                kind: activity.kind,
                occurred_at: activity.at,
                detail: JSON.stringify(activity),
                source_key: sourceKey,
              })),
            )
            .onConflict((oc) => oc.columns(['portal_id', 'contact_id', 'source_key']).doNothing())
            .execute();
          // A submission first stored without its form (its name came late, or a retry) is completed, never doubled.
          for (const { activity, sourceKey } of activities.filter((a) => a.activity.kind === 'form_submitted' && a.activity.formName)) {
            const stored = await tx
              .selectFrom('contact_activities')
              .select(['id', 'detail'])
              .where('portal_id', '=', portalId)
              .where('contact_id', '=', contactId)
              .where('source_key', '=', sourceKey)
              .executeTakeFirst();
            const before = stored ? (JSON.parse(stored.detail) as { formName?: string }) : undefined;
            if (stored && before && !before.formName) await tx.updateTable('contact_activities').set({ detail: JSON.stringify(activity) }).where('id', '=', stored.id).execute();
          }
        }
        return valuesOf(props);
      });
    },

    async loadContact(portalId, contactId) {
      const row = await db.selectFrom('contacts').select('properties').where('portal_id', '=', portalId).where('contact_id', '=', contactId).executeTakeFirst();
      const activities = await activitiesOf(portalId, contactId);
      if (!row && activities.length === 0) return null;
      return { snapshot: { id: contactId, properties: row ? valuesOf(JSON.parse(row.properties) as PropertyState) : {} }, activities };
    },

    activitiesOf,

    async contactBeforeEvents(portalId, contactId) {
      // One statement for what were two (each costs a round trip on PostgreSQL): the properties and the erasure mark.
      const [row] = (await selectBeforeEvents(db, portalId, contactId, contactHash(portalId, contactId))).rows;
      if (!row) throw new Error('a select without from answered no row');
      // PostgreSQL answers a boolean, SQLite 0 or 1.
      return { erased: Boolean(Number(row.erased)), properties: row.properties ? valuesOf(JSON.parse(row.properties) as PropertyState) : {} };
    },

    async saveDecision(portalId, d) {
      return db.transaction().execute(async (tx) => {
        // Two writers saving at once would both replace the ledger (one failing on its key) and both append the decision.
        await lockContact(tx, portalId, d.contactId);
        await deleteLedger(tx, portalId, d.contactId);
        if (d.ledger.length > 0) {
          // In LEDGER_COLUMNS order.
          const flat = d.ledger.flatMap((l, i) => [portalId, d.contactId, i + 1, l.ruleId, l.kind, l.description, l.evidence, l.points, l.at, d.configHash, d.computedAt]);
          await insertLedger(tx, ...flat);
        }
        const row: Record<(typeof DECISION_COLUMNS)[number], unknown> = {
          portal_id: portalId,
          contact_id: d.contactId,
          computed_at: d.computedAt,
          config_hash: d.configHash,
          stage_from: d.stage.from,
          stage_to: d.stage.to,
          stage_changed: d.stage.changed ? 1 : 0,
          fit_score: d.fit.score,
          fit_grade: d.fit.grade,
          engagement_score: d.engagement.score,
          score: d.score,
          cell: d.cell,
          tactic: d.tactic.name,
          explanation: d.explanation,
          outcome_key: outcomeKey(d),
        };
        const inserted = (await insertChangedDecision(tx, ...DECISION_COLUMNS.map((c) => row[c]))).rows[0];
        return inserted !== undefined;
      });
    },

    async listDecisions(portalId, contactId) {
      const rows = await db.selectFrom('decisions').selectAll().where('portal_id', '=', portalId).where('contact_id', '=', contactId).orderBy('id').execute();
      return rows.map((r) => ({
        id: Number(r.id),
        computedAt: Number(r.computed_at),
        configHash: r.config_hash,
        stageFrom: r.stage_from,
        stageTo: r.stage_to,
        stageChanged: Number(r.stage_changed) === 1,
        fitScore: Number(r.fit_score),
        fitGrade: r.fit_grade,
        engagementScore: Number(r.engagement_score),
        score: Number(r.score),
        cell: r.cell,
        tactic: r.tactic,
        explanation: r.explanation,
      }));
    },

    async ledgerOf(portalId, contactId) {
      const rows = await db.selectFrom('score_ledger').selectAll().where('portal_id', '=', portalId).where('contact_id', '=', contactId).orderBy('line_no').execute();
      return rows.map((r) => ({
        ruleId: r.rule_id,
        kind: r.kind as 'fit' | 'engagement' | 'cap',
        description: r.description,
        evidence: r.evidence,
        points: Number(r.points),
        at: Number(r.at),
        configHash: r.config_hash,
        computedAt: Number(r.computed_at),
      }));
    },

    async linkDeal(portalId, dealId, contactId) {
      await db
        .insertInto('deal_contacts')
        .values({ portal_id: portalId, deal_id: dealId, contact_id: contactId })
        .onConflict((oc) => oc.columns(['portal_id', 'deal_id', 'contact_id']).doNothing())
        .execute();
    },

    async eraseContact(portalId, contactId, now) {
      await db.transaction().execute(async (tx) => {
        await tx.deleteFrom('webhook_events').where('subject_key', '=', `${portalId}:contact:${contactId}`).execute();
        for (const table of CONTACT_TABLES) {
          await sql`delete from ${sql.table(table)} where portal_id = ${portalId} and contact_id = ${contactId}`.execute(tx);
        }
        await tx
          .insertInto('erased_contacts')
          .values({ contact_hash: contactHash(portalId, contactId), erased_at: now })
          .onConflict((oc) => oc.column('contact_hash').doNothing())
          .execute();
      });
    },

    async isErased(portalId, contactId) {
      const row = await db.selectFrom('erased_contacts').select('contact_hash').where('contact_hash', '=', contactHash(portalId, contactId)).executeTakeFirst();
      return row !== undefined;
    },

    async erasedAt(portalId, contactId) {
      const row = await db.selectFrom('erased_contacts').select('erased_at').where('contact_hash', '=', contactHash(portalId, contactId)).executeTakeFirst();
      return row ? Number(row.erased_at) : null;
    },

    async portalsOfContact(contactId) {
      const rows = await db.selectFrom('contacts').select('portal_id').where('contact_id', '=', contactId).execute();
      return rows.map((r) => Number(r.portal_id));
    },

    async contactsOfDeal(portalId, dealId) {
      const rows = await db.selectFrom('deal_contacts').select('contact_id').where('portal_id', '=', portalId).where('deal_id', '=', dealId).execute();
      return rows.map((r) => r.contact_id);
    },
  };
}
