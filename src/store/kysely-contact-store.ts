import { createHash } from 'node:crypto';
import { PostgresAdapter, sql, type Insertable, type Kysely, type Transaction } from 'kysely';
import type { ContactActivity } from '../domain/contact-activity';
import type { ContactProperties, ContactStore, NewActivity, PropertyChange } from './contact-store-port';
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
/** A ledger line's columns past its key (portal, contact, line number). */
const LEDGER_REWRITTEN = LEDGER_COLUMNS.slice(3);
/** The ledger's rows, their values flat in LEDGER_COLUMNS order (one template per row count). */
const insertLedger = precompiled((db: Kysely<Database>, ...flat: unknown[]) => db.insertInto('score_ledger').values(rowsOf<Insertable<Database['score_ledger']>>(LEDGER_COLUMNS, flat)));
const DECISION_COLUMNS = ['portal_id', 'contact_id', 'computed_at', 'config_hash', 'stage_from', 'stage_to', 'stage_changed', 'fit_score', 'fit_grade', 'engagement_score', 'score', 'cell', 'tactic', 'explanation', 'outcome_key'] as const;
// Inserted unless the last decision has the same outcome: one statement where a read and an insert were (each a
// round trip on PostgreSQL). PostgreSQL types the selected parameters from the insert's columns.
/** The decision's values (DECISION_COLUMNS order), selected unless the contact's last decision has the same outcome. */
const changedDecisionSelect = (db: Kysely<Database>, values: readonly unknown[]) => {
  const [portalId, contactId] = values as [number, string];
  const key = values[DECISION_COLUMNS.indexOf('outcome_key')] as string;
  return db
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
    );
};
const insertChangedDecision = precompiled((db: Kysely<Database>, ...values: unknown[]) =>
  db.insertInto('decisions').columns([...DECISION_COLUMNS]).expression(changedDecisionSelect(db, values)).returning('id'),
);

/**
 * PostgreSQL: the ledger replaced and the decision appended in one statement (three before: delete, insert, insert;
 * each a round trip, and round trips are what bounds the worker there). The ledger's lines are upserted by their key
 * and the lines past the new ledger's end deleted, so the data-modifying CTEs touch disjoint rows: they all run on
 * one snapshot and must never meet the same row. Values flat: the decision's in DECISION_COLUMNS order, then the
 * ledger's rows in LEDGER_COLUMNS order (one template per ledger length).
 * https://www.postgresql.org/docs/current/queries-with.html#QUERIES-WITH-MODIFYING
 */
const saveDecisionWithLedger = precompiled((db: Kysely<Database>, ...values: unknown[]) => {
  const [portalId, contactId] = values as [number, string];
  const ledger = values.slice(DECISION_COLUMNS.length);
  const lines = ledger.length / LEDGER_COLUMNS.length;
  const withLedger = db.with('past_end', (q) =>
    q
      .deleteFrom('score_ledger')
      .where('portal_id', '=', portalId)
      .where('contact_id', '=', contactId)
      // The count as a value, not in the SQL: the template is shared by every ledger of this length anyway.
      .where('line_no', '>', lines)
      .returning('line_no'),
  );
  const decision = changedDecisionSelect(db, values);
  if (lines === 0) return withLedger.insertInto('decisions').columns([...DECISION_COLUMNS]).expression(decision).returning('id');
  return withLedger
    .with('upserted', (q) =>
      q
        .insertInto('score_ledger')
        .values(rowsOf<Insertable<Database['score_ledger']>>(LEDGER_COLUMNS, ledger))
        .onConflict((oc) => oc.columns(['portal_id', 'contact_id', 'line_no']).doUpdateSet((eb) => Object.fromEntries(LEDGER_REWRITTEN.map((c) => [c, eb.ref(`excluded.${c}`)]))))
        .returning('line_no'),
    )
    .insertInto('decisions')
    .columns([...DECISION_COLUMNS])
    .expression(decision)
    .returning('id');
});

const ACTIVITY_COLUMNS = ['portal_id', 'contact_id', 'kind', 'occurred_at', 'detail', 'source_key'] as const;
const isPostgres = (db: Kysely<Database>) => db.getExecutor().adapter instanceof PostgresAdapter;
/**
 * A form submission stored without its form's name (the name came late, or a retry) is completed by the same
 * submission with it, never doubled, and a named one is never overwritten: the condition of the activities'
 * on-conflict update, in each dialect's JSON (the details are JSON text). One statement where a read per submission was.
 */
const completesForm = (db: Kysely<Database>) =>
  isPostgres(db)
    ? sql<boolean>`coalesce(contact_activities.detail::json ->> 'formName', '') = '' and coalesce(excluded.detail::json ->> 'formName', '') <> ''`
    : sql<boolean>`coalesce(json_extract(contact_activities.detail, '$.formName'), '') = '' and coalesce(json_extract(excluded.detail, '$.formName'), '') <> ''`;
/** Activities not stored before, values flat in ACTIVITY_COLUMNS order; a known one only completes a form's name. */
const activitiesInsert = (db: Kysely<Database>, flat: readonly unknown[]) =>
  db
    .insertInto('contact_activities')
    .values(rowsOf<Insertable<Database['contact_activities']>>(ACTIVITY_COLUMNS, flat))
    .onConflict((oc) =>
      oc
        .columns(['portal_id', 'contact_id', 'source_key'])
        .doUpdateSet((eb) => ({ detail: eb.ref('excluded.detail') }))
        .where(completesForm(db)),
    );
const insertActivities = precompiled((db: Kysely<Database>, ...flat: unknown[]) => activitiesInsert(db, flat));
/** Activities as stored: JSON details, in the order read. */
const activitiesFrom = (rows: ReadonlyArray<{ detail: string }>): ContactActivity[] => rows.map((a) => JSON.parse(a.detail) as ContactActivity);
const formNameOf = (a: ContactActivity) => (a.kind === 'form_submitted' ? (a.formName ?? '') : '');
/**
 * One activity per source key, as the insert's rows would leave it one after another: the first, completed by a later
 * one's form name. PostgreSQL refuses an on-conflict update that meets a row twice in one statement ("cannot affect
 * row a second time"), and a group's events can name one activity twice (a deal associated from both sides).
 */
function distinctBySource(activities: readonly NewActivity[]): NewActivity[] {
  const bySource = new Map<string, NewActivity>();
  for (const a of activities) {
    const first = bySource.get(a.sourceKey);
    if (!first || (formNameOf(first.activity) === '' && formNameOf(a.activity) !== '')) bySource.set(a.sourceKey, a);
  }
  return [...bySource.values()];
}
const flatActivities = (portalId: number, contactId: string, activities: readonly NewActivity[]) =>
  distinctBySource(activities).flatMap(({ activity, sourceKey }) => [portalId, contactId, activity.kind, activity.at, JSON.stringify(activity), sourceKey]);

/**
 * PostgreSQL: the merged properties written (when `write`), the new activities added, and the contact's whole activity
 * read back in time order, in one statement where three or four were (each a round trip). The CTEs and the final
 * select share one snapshot, which holds none of the CTEs' rows: the activities read are the table's, less those the
 * insert completed, plus what the insert returned.
 * https://www.postgresql.org/docs/current/queries-with.html#QUERIES-WITH-MODIFYING
 */
const applyAndSelectActivities = precompiled((db: Kysely<Database>, portalId: number, contactId: string, properties: string, updatedAt: number, write: boolean, ...flat: unknown[]) => {
  const written = db.with('written', (q) =>
    q
      .updateTable('contacts')
      .set({ properties, updated_at: updatedAt })
      .where('portal_id', '=', portalId)
      .where('contact_id', '=', contactId)
      .where(sql<boolean>`${write}::boolean`)
      .returning('contact_id'),
  );
  if (flat.length === 0) return written.selectFrom('contact_activities').select('detail').where('portal_id', '=', portalId).where('contact_id', '=', contactId).orderBy('occurred_at').orderBy('id');
  return written
    .with('added', () => activitiesInsert(db, flat).returning(['id', 'occurred_at', 'detail']))
    .selectFrom((eb) =>
      eb
        .selectFrom('contact_activities')
        .select(['id', 'occurred_at', 'detail'])
        .where('portal_id', '=', portalId)
        .where('contact_id', '=', contactId)
        .where('id', 'not in', eb.selectFrom('added').select('added.id'))
        .unionAll(eb.selectFrom('added').select(['added.id', 'added.occurred_at', 'added.detail']))
        .as('a'),
    )
    .select('a.detail')
    .orderBy('a.occurred_at')
    .orderBy('a.id');
});

export function createKyselyContactStore(db: Kysely<Database>, dialect: 'sqlite' | 'postgres' = 'sqlite'): ContactStore {
  /** The contact's activity in time order, read through `q` (the store, or a transaction of it). */
  const readActivities = async (q: Kysely<Database>, portalId: number, contactId: string) => activitiesFrom((await selectActivities(q, portalId, contactId)).rows);
  const activitiesOf = (portalId: number, contactId: string) => readActivities(db, portalId, contactId);
  /** applyContactChanges, and with `load` the contact's whole activity read back after it. */
  const apply = async (tx: Transaction<Database>, portalId: number, contactId: string, changes: readonly PropertyChange[], activities: readonly NewActivity[], load: boolean) => {
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
    const properties = valuesOf(props);
    const updatedAt = Math.max(0, ...changes.map((c) => c.at));
    const flat = flatActivities(portalId, contactId, activities);
    if (load && dialect === 'postgres') {
      const { rows } = await applyAndSelectActivities(tx, portalId, contactId, JSON.stringify(props), updatedAt, changed, ...flat);
      return { properties, activities: activitiesFrom(rows) };
    }
    if (changed) await writeProperties(tx, JSON.stringify(props), updatedAt, portalId, contactId);
    if (flat.length > 0) await insertActivities(tx, ...flat);
    return { properties, activities: load ? await readActivities(tx, portalId, contactId) : undefined };
  };
  return {
    applyContactChanges: (portalId, contactId, changes, activities) => db.transaction().execute(async (tx) => (await apply(tx, portalId, contactId, changes, activities, false)).properties),

    applyAndLoadContact: (portalId, contactId, changes, activities) =>
      db.transaction().execute(async (tx) => {
        const applied = await apply(tx, portalId, contactId, changes, activities, true);
        return { properties: applied.properties, activities: applied.activities! };
      }),

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
        // In LEDGER_COLUMNS order.
        const ledger = d.ledger.flatMap((l, i) => [portalId, d.contactId, i + 1, l.ruleId, l.kind, l.description, l.evidence, l.points, l.at, d.configHash, d.computedAt]);
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
        const decision = DECISION_COLUMNS.map((c) => row[c]);
        if (dialect === 'postgres') return (await saveDecisionWithLedger(tx, ...decision, ...ledger)).rows[0] !== undefined;
        // SQLite (no data-modifying CTEs; its statements cost no round trip): the ledger replaced, then the decision.
        await deleteLedger(tx, portalId, d.contactId);
        if (ledger.length > 0) await insertLedger(tx, ...ledger);
        return (await insertChangedDecision(tx, ...decision)).rows[0] !== undefined;
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
