import { sql, type Insertable, type Kysely } from 'kysely';
import { precompiled, rowsOf } from './precompiled-query';
import type { Database } from './schema';
import type { DuplicateGroup, ReportStore } from './report-store-port';

const STAGE_COLUMNS = [
  ['lead', 'lead_at'],
  ['marketingqualifiedlead', 'mql_at'],
  ['salesqualifiedlead', 'sql_at'],
  ['opportunity', 'opportunity_at'],
  ['customer', 'customer_at'],
] as const;
const RANK: Record<string, number> = { subscriber: -1, lead: 0, marketingqualifiedlead: 1, salesqualifiedlead: 2, opportunity: 3, customer: 4, evangelist: 4 };
const num = (v: number | string | null) => (v === null ? null : Number(v));

const FUNNEL_COLUMNS = ['portal_id', 'contact_id', 'source', 'campaign', 'first_form', 'email_key', 'name_key', 'display_name', 'lead_at', 'mql_at', 'sql_at', 'opportunity_at', 'customer_at', 'rejected_at', 'rejection_reason', 'source_detail', 'updated_at'] as const;
/** The funnel's upsert, built once (precompiled-query.ts); values in FUNNEL_COLUMNS order. */
const upsertFunnel = precompiled((db: Kysely<Database>, ...values: unknown[]) =>
  db
    .insertInto('contact_funnel')
    .values(rowsOf<Insertable<Database['contact_funnel']>>(FUNNEL_COLUMNS, values)[0]!)
    .onConflict((oc) =>
      oc.columns(['portal_id', 'contact_id']).doUpdateSet((eb) => {
        const kept = <C extends 'first_form' | (typeof STAGE_COLUMNS)[number][1]>(c: C) => eb.fn.coalesce(eb.ref(`contact_funnel.${c}`), eb.ref(`excluded.${c}`));
        const newer = <C extends 'source' | 'campaign' | 'source_detail'>(c: C) => eb.fn.coalesce(eb.ref(`excluded.${c}`), eb.ref(`contact_funnel.${c}`));
        return {
          source: newer('source'),
          campaign: newer('campaign'),
          first_form: kept('first_form'),
          email_key: eb.ref('excluded.email_key'),
          name_key: eb.ref('excluded.name_key'),
          display_name: eb.ref('excluded.display_name'),
          lead_at: kept('lead_at'),
          mql_at: kept('mql_at'),
          sql_at: kept('sql_at'),
          opportunity_at: kept('opportunity_at'),
          customer_at: kept('customer_at'),
          // No longer rejected: both cleared.
          rejected_at: sql<number | null>`case when excluded.rejected_at is null then null else coalesce(contact_funnel.rejected_at, excluded.rejected_at) end`,
          rejection_reason: sql<string | null>`case when excluded.rejected_at is null then null else coalesce(excluded.rejection_reason, contact_funnel.rejection_reason) end`,
          source_detail: newer('source_detail'),
          updated_at: eb.ref('excluded.updated_at'),
        };
      }),
    ),
);

export function createKyselyReportStore(db: Kysely<Database>): ReportStore {
  return {
    async recordFunnel(portalId, contactId, f) {
      const rank = RANK[f.stage] ?? -1;
      const reached = (stage: string) => (rank >= RANK[stage]! ? f.at : null);
      // One upsert, its merge in SQL, where the row was read then written under the contact's lock: a single
      // statement is atomic on its row (a second writer waits for it, then merges into what it committed), and each
      // statement costs a round trip on PostgreSQL. A stage reached is recorded once, at the first decision that
      // shows it (skipped stages count as reached then); the first form stays the first; a rejection keeps its time.
      const values = {
        source: f.source,
        campaign: f.campaign,
        first_form: f.firstForm,
        email_key: f.emailKey,
        name_key: f.nameKey,
        display_name: f.displayName,
        ...(Object.fromEntries(STAGE_COLUMNS.map(([stage, column]) => [column, reached(stage)])) as Record<(typeof STAGE_COLUMNS)[number][1], number | null>),
        rejected_at: f.rejected ? f.at : null,
        rejection_reason: f.rejected ? (f.rejectionReason ?? null) : null,
        source_detail: f.sourceDetail ?? null,
        updated_at: f.at,
      };
      const row: Record<(typeof FUNNEL_COLUMNS)[number], unknown> = { portal_id: portalId, contact_id: contactId, ...values };
      await upsertFunnel(db, ...FUNNEL_COLUMNS.map((c) => row[c]));
    },
    async funnelCounts(from, to, portalId) {
      const portal = portalId === undefined ? sql`1 = 1` : sql`portal_id = ${portalId}`;
      // Leads of the period, or MQLs of it that skipped lead: one scan, grouped by origin.
      const cohortWhere = sql`${portal} and ((lead_at >= ${from} and lead_at < ${to}) or (lead_at is null and mql_at >= ${from} and mql_at < ${to}))`;
      const mqlWhere = sql`${portal} and mql_at >= ${from} and mql_at < ${to}`;
      const [cohort, quality, durations, mqls] = await Promise.all([
        sql<{ source: string | null; form: string | null; campaign: string | null; lead: number; mql: number; sql: number; opportunity: number; customer: number }>`
          select source, first_form as form, campaign, count(lead_at) as lead, count(mql_at) as mql, count(sql_at) as sql,
                 count(opportunity_at) as opportunity, count(customer_at) as customer
          from contact_funnel where ${cohortWhere} group by source, first_form, campaign`.execute(db),
        sql<{ source: string | null; form: string | null; mqls: number; accepted: number; rejected: number }>`
          select source, first_form as form, count(*) as mqls, count(sql_at) as accepted,
                 sum(case when rejected_at is not null and sql_at is null then 1 else 0 end) as rejected
          from contact_funnel where ${mqlWhere} group by source, first_form`.execute(db),
        sql<{ a: number | null; b: number | null; c: number | null; d: number | null }>`
          select mql_at - lead_at as a, sql_at - mql_at as b, opportunity_at - sql_at as c, customer_at - opportunity_at as d
          from contact_funnel where ${cohortWhere} and mql_at is not null`.execute(db),
        sql<{ mql_at: number }>`select mql_at from contact_funnel where ${mqlWhere}`.execute(db),
      ]);
      const col = (k: 'a' | 'b' | 'c' | 'd') => durations.rows.map((r) => r[k]).filter((v): v is number => v !== null).map(Number);
      return {
        cohort: cohort.rows.map((r) => ({ ...r, lead: Number(r.lead), mql: Number(r.mql), sql: Number(r.sql), opportunity: Number(r.opportunity), customer: Number(r.customer) })),
        quality: quality.rows.map((r) => ({ ...r, mqls: Number(r.mqls), accepted: Number(r.accepted), rejected: Number(r.rejected) })),
        durations: { lead: col('a'), mql: col('b'), sql: col('c'), opportunity: col('d') },
        mqlTimes: mqls.rows.map((r) => Number(r.mql_at)),
      };
    },
    async funnelRows(from, to, portalId) {
      let q = db.selectFrom('contact_funnel').selectAll().where((eb) => eb.or([eb.and([eb('lead_at', '>=', from), eb('lead_at', '<', to)]), eb.and([eb('mql_at', '>=', from), eb('mql_at', '<', to)])]));
      if (portalId !== undefined) q = q.where('portal_id', '=', portalId);
      return (await q.execute()).map((r) => ({
        portalId: Number(r.portal_id),
        contactId: r.contact_id,
        source: r.source,
        campaign: r.campaign,
        firstForm: r.first_form,
        leadAt: num(r.lead_at),
        mqlAt: num(r.mql_at),
        sqlAt: num(r.sql_at),
        opportunityAt: num(r.opportunity_at),
        customerAt: num(r.customer_at),
        rejectedAt: num(r.rejected_at),
      }));
    },
    async slaRows(from, to, portalId) {
      let q = db.selectFrom('sla_items').select(['owner_id', 'opened_at', 'first_touch_due_at', 'first_touch_at', 'touches', 'status']).where('opened_at', '>=', from).where('opened_at', '<', to);
      if (portalId !== undefined) q = q.where('portal_id', '=', portalId);
      return (await q.execute()).map((r) => ({ ownerId: r.owner_id, openedAt: Number(r.opened_at), firstTouchDueAt: Number(r.first_touch_due_at), firstTouchAt: num(r.first_touch_at), touches: (JSON.parse(r.touches) as number[]).length, status: r.status }));
    },
    async overdueByOwner(portalId) {
      let q = db.selectFrom('sla_items').select(['portal_id', 'owner_id']).select((eb) => eb.fn.countAll<number>().as('n'))
        // Overdue now: past the first-touch deadline and still untouched, whether or not the audit has given up on notices.
        .where('status', 'in', ['overdue', 'breached'])
        .where('first_touch_at', 'is', null)
        .where('closed_reason', 'is', null);
      if (portalId !== undefined) q = q.where('portal_id', '=', portalId);
      return (await q.groupBy(['portal_id', 'owner_id']).orderBy('n', 'desc').execute()).map((r) => ({ portalId: Number(r.portal_id), ownerId: r.owner_id, overdue: Number(r.n) }));
    },
    async importFunnelRows(rows) {
      await db.transaction().execute(async (tx) => {
        for (let i = 0; i < rows.length; i += 500) {
          const values = rows.slice(i, i + 500).map((r) => ({
            portal_id: r.portalId, contact_id: r.contactId, source: r.source, campaign: r.campaign, first_form: r.firstForm,
            email_key: r.emailKey ?? null, name_key: r.nameKey ?? null, display_name: r.displayName ?? null,
            lead_at: r.leadAt, mql_at: r.mqlAt, sql_at: r.sqlAt, opportunity_at: r.opportunityAt, customer_at: r.customerAt, rejected_at: r.rejectedAt,
            updated_at: Math.max(0, ...[r.leadAt, r.mqlAt, r.sqlAt, r.opportunityAt, r.customerAt].map((t) => t ?? 0)),
          }));
          await tx.insertInto('contact_funnel').values(values).onConflict((oc) => oc.columns(['portal_id', 'contact_id']).doUpdateSet((eb) => ({
            source: eb.ref('excluded.source'), campaign: eb.ref('excluded.campaign'), first_form: eb.ref('excluded.first_form'), email_key: eb.ref('excluded.email_key'),
            name_key: eb.ref('excluded.name_key'), display_name: eb.ref('excluded.display_name'), lead_at: eb.ref('excluded.lead_at'), mql_at: eb.ref('excluded.mql_at'),
            sql_at: eb.ref('excluded.sql_at'), opportunity_at: eb.ref('excluded.opportunity_at'), customer_at: eb.ref('excluded.customer_at'), rejected_at: eb.ref('excluded.rejected_at'), updated_at: eb.ref('excluded.updated_at'),
          }))).execute();
        }
      });
    },
    async duplicateGroups(limit, portalId) {
      const groups: DuplicateGroup[] = [];
      const portal = portalId === undefined ? sql`1 = 1` : sql`f.portal_id = ${portalId}`;
      for (const [column, reason] of [['email_key', 'email'], ['name_key', 'name+domain']] as const) {
        const key = sql.ref(`f.${column}`);
        // The keys shared by more than one contact, then their members: two statements, whatever the count.
        const rows = await sql<{ portal_id: number; k: string; contact_id: string; display_name: string | null }>`
          select f.portal_id, ${key} as k, f.contact_id, f.display_name from contact_funnel f
          join (select portal_id, ${sql.ref(column)} as k from contact_funnel where ${sql.ref(column)} is not null group by portal_id, ${sql.ref(column)}
                having count(*) > 1 order by portal_id, ${sql.ref(column)} limit ${limit}) d on d.portal_id = f.portal_id and d.k = ${key}
          where ${portal} order by f.portal_id, ${key}, f.contact_id`.execute(db);
        for (const r of rows.rows) {
          const last = groups.at(-1);
          if (last && last.reason === reason && last.portalId === Number(r.portal_id) && last.key === r.k) last.contacts.push({ contactId: r.contact_id, displayName: r.display_name });
          else groups.push({ portalId: Number(r.portal_id), reason, key: r.k, contacts: [{ contactId: r.contact_id, displayName: r.display_name }] });
        }
      }
      return groups.slice(0, limit);
    },
  };
}
