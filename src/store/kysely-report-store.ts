import type { Kysely } from 'kysely';
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

export function createKyselyReportStore(db: Kysely<Database>): ReportStore {
  return {
    async recordFunnel(portalId, contactId, f) {
      await db.transaction().execute(async (tx) => {
        const row = await tx.selectFrom('contact_funnel').selectAll().where('portal_id', '=', portalId).where('contact_id', '=', contactId).executeTakeFirst();
        const rank = RANK[f.stage] ?? -1;
        const times: Record<string, number | null> = {};
        // A stage reached is recorded once, at the first decision that shows it; skipped stages count as reached then.
        for (const [stage, column] of STAGE_COLUMNS) times[column] = num(row?.[column] ?? null) ?? (rank >= RANK[stage]! ? f.at : null);
        const values = {
          source: f.source ?? row?.source ?? null,
          campaign: f.campaign ?? row?.campaign ?? null,
          first_form: row?.first_form ?? f.firstForm,
          email_key: f.emailKey,
          name_key: f.nameKey,
          display_name: f.displayName,
          lead_at: times.lead_at!,
          mql_at: times.mql_at!,
          sql_at: times.sql_at!,
          opportunity_at: times.opportunity_at!,
          customer_at: times.customer_at!,
          rejected_at: f.rejected ? (num(row?.rejected_at ?? null) ?? f.at) : null,
          updated_at: f.at,
        };
        await tx.insertInto('contact_funnel').values({ portal_id: portalId, contact_id: contactId, ...values }).onConflict((oc) => oc.columns(['portal_id', 'contact_id']).doUpdateSet(values)).execute();
      });
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
      let q = db.selectFrom('sla_items').select(['owner_id']).select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'overdue');
      if (portalId !== undefined) q = q.where('portal_id', '=', portalId);
      return (await q.groupBy('owner_id').orderBy('n', 'desc').execute()).map((r) => ({ ownerId: r.owner_id, overdue: Number(r.n) }));
    },
    async duplicateGroups(limit, portalId) {
      const groups: DuplicateGroup[] = [];
      for (const [column, reason] of [['email_key', 'email'], ['name_key', 'name+domain']] as const) {
        let q = db.selectFrom('contact_funnel').select(['portal_id', column]).select((eb) => eb.fn.countAll<number>().as('n')).where(column, 'is not', null);
        if (portalId !== undefined) q = q.where('portal_id', '=', portalId);
        const keys = await q.groupBy(['portal_id', column]).having((eb) => eb.fn.countAll(), '>', 1).limit(limit).execute();
        for (const k of keys) {
          const key = String(k[column]);
          const members = await db.selectFrom('contact_funnel').select(['contact_id', 'display_name']).where('portal_id', '=', k.portal_id).where(column, '=', key).orderBy('contact_id').execute();
          groups.push({ portalId: Number(k.portal_id), reason, key, contacts: members.map((m) => ({ contactId: m.contact_id, displayName: m.display_name })) });
        }
      }
      return groups.slice(0, limit);
    },
  };
}
