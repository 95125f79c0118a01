import type { Kysely } from 'kysely';
import type { Database } from './schema';
import type { RevenueStore, WonDealRow } from './revenue-store-port';

const num = (v: number | string | null) => (v === null ? null : Number(v));
const CHUNK = 500;
const chunks = <T>(xs: readonly T[]) => Array.from({ length: Math.ceil(xs.length / CHUNK) }, (_, i) => xs.slice(i * CHUNK, (i + 1) * CHUNK));

export function createKyselyRevenueStore(db: Kysely<Database>): RevenueStore {
  /** The contacts of these deals (one portal each), with their funnel origin and their touches. */
  async function withContacts(deals: ReadonlyArray<Omit<WonDealRow, 'contacts'>>): Promise<WonDealRow[]> {
    const out: WonDealRow[] = [];
    for (const portalId of new Set(deals.map((d) => d.portalId))) {
      const mine = deals.filter((d) => d.portalId === portalId);
      const links: Array<{ deal_id: string; contact_id: string }> = [];
      for (const ids of chunks(mine.map((d) => d.dealId))) links.push(...(await db.selectFrom('deal_contacts').select(['deal_id', 'contact_id']).where('portal_id', '=', portalId).where('deal_id', 'in', ids).execute()));
      const contactIds = [...new Set(links.map((l) => l.contact_id))];
      const funnel = new Map<string, { lead_at: number | null; mql_at: number | null; source: string | null; source_detail: string | null; campaign: string | null; first_form: string | null }>();
      const touches = new Map<string, WonDealRow['contacts'][number]['touches']>();
      for (const ids of chunks(contactIds)) {
        const rows = await db.selectFrom('contact_funnel').select(['contact_id', 'lead_at', 'mql_at', 'source', 'source_detail', 'campaign', 'first_form']).where('portal_id', '=', portalId).where('contact_id', 'in', ids).execute();
        for (const r of rows) funnel.set(r.contact_id, { ...r, lead_at: num(r.lead_at), mql_at: num(r.mql_at) });
        const acts = await db.selectFrom('contact_activities').select(['contact_id', 'kind', 'occurred_at', 'detail']).where('portal_id', '=', portalId).where('contact_id', 'in', ids).where('kind', 'in', ['form_submitted', 'email_clicked']).orderBy('occurred_at').execute();
        for (const a of acts) {
          const detail = JSON.parse(a.detail) as { formName?: string; campaign?: string };
          const list = touches.get(a.contact_id) ?? [];
          list.push({ kind: a.kind as 'form_submitted' | 'email_clicked', at: Number(a.occurred_at), ...(detail.formName ? { formName: detail.formName } : {}), ...(detail.campaign ? { campaign: detail.campaign } : {}) });
          touches.set(a.contact_id, list);
        }
      }
      for (const d of mine) {
        const contacts = links.filter((l) => l.deal_id === d.dealId).map((l) => {
          const f = funnel.get(l.contact_id);
          return { contactId: l.contact_id, leadAt: f?.lead_at ?? null, mqlAt: f?.mql_at ?? null, source: f?.source ?? null, sourceDetail: f?.source_detail ?? null, campaign: f?.campaign ?? null, firstForm: f?.first_form ?? null, touches: touches.get(l.contact_id) ?? [] };
        });
        out.push({ ...d, contacts: contacts.sort((a, b) => a.contactId.localeCompare(b.contactId)) });
      }
    }
    return out;
  }

  return {
    async recordDealOutcome(portalId, d, at) {
      const values = { outcome: d.outcome, amount: d.amount, amount_home: d.amountHome, currency: d.currency, closed_at: d.closedAt, updated_at: at };
      await db.insertInto('deal_outcomes').values({ portal_id: portalId, deal_id: d.dealId, ...values }).onConflict((oc) => oc.columns(['portal_id', 'deal_id']).doUpdateSet(values)).execute();
    },

    async dealOutcomeOf(portalId, dealId) {
      const row = await db.selectFrom('deal_outcomes').select(['outcome', 'closed_at']).where('portal_id', '=', portalId).where('deal_id', '=', dealId).executeTakeFirst();
      return row ? { outcome: row.outcome === 'won' ? 'won' : 'lost', closedAt: Number(row.closed_at) } : null;
    },

    async wonDeals(q) {
      let query = db.selectFrom('deal_outcomes as o').select(['o.portal_id', 'o.deal_id', 'o.amount', 'o.amount_home', 'o.currency', 'o.closed_at']).where('o.outcome', '=', 'won');
      if (q.portalId !== undefined) query = query.where('o.portal_id', '=', q.portalId);
      if ('wonFrom' in q) query = query.where('o.closed_at', '>=', q.wonFrom).where('o.closed_at', '<', q.wonTo);
      else {
        const { mqlFrom, mqlTo } = q;
        query = query.where(({ exists, selectFrom }) =>
          exists(
            selectFrom('deal_contacts as dc')
              .innerJoin('contact_funnel as f', (j) => j.onRef('f.portal_id', '=', 'dc.portal_id').onRef('f.contact_id', '=', 'dc.contact_id'))
              .select('dc.deal_id')
              .whereRef('dc.portal_id', '=', 'o.portal_id')
              .whereRef('dc.deal_id', '=', 'o.deal_id')
              .where('f.mql_at', '>=', mqlFrom)
              .where('f.mql_at', '<', mqlTo),
          ),
        );
      }
      const rows = await query.orderBy('o.closed_at').execute();
      return withContacts(rows.map((r) => ({ portalId: Number(r.portal_id), dealId: r.deal_id, amount: num(r.amount), amountHome: num(r.amount_home), currency: r.currency, wonAt: Number(r.closed_at) })));
    },

    async mqlsByOrigin(from, to, portalId) {
      let q = db.selectFrom('contact_funnel').select(['source', 'campaign']).select((eb) => eb.fn.countAll<number>().as('n')).where('mql_at', '>=', from).where('mql_at', '<', to);
      if (portalId !== undefined) q = q.where('portal_id', '=', portalId);
      return (await q.groupBy(['source', 'campaign']).execute()).map((r) => ({ source: r.source, campaign: r.campaign, mqls: Number(r.n) }));
    },

    async feedbackRows(from, to, portalId) {
      let q = db.selectFrom('contact_funnel').select(['portal_id', 'contact_id', 'source', 'first_form', 'sql_at', 'customer_at', 'rejected_at', 'rejection_reason']).where('mql_at', '>=', from).where('mql_at', '<', to);
      if (portalId !== undefined) q = q.where('portal_id', '=', portalId);
      const mqls = await q.execute();
      // The accepted leads' deals and how they closed (no row: still open).
      const outcomes = new Map<string, Set<string>>();
      const accepted = mqls.filter((m) => m.sql_at !== null);
      for (const pid of new Set(accepted.map((m) => Number(m.portal_id)))) {
        for (const ids of chunks(accepted.filter((m) => Number(m.portal_id) === pid).map((m) => m.contact_id))) {
          const rows = await db.selectFrom('deal_contacts as dc').innerJoin('deal_outcomes as o', (j) => j.onRef('o.portal_id', '=', 'dc.portal_id').onRef('o.deal_id', '=', 'dc.deal_id')).select(['dc.contact_id', 'o.outcome']).where('dc.portal_id', '=', pid).where('dc.contact_id', 'in', ids).execute();
          for (const r of rows) outcomes.set(`${pid}:${r.contact_id}`, (outcomes.get(`${pid}:${r.contact_id}`) ?? new Set()).add(r.outcome));
        }
      }
      return mqls.map((m) => {
        const seen = outcomes.get(`${Number(m.portal_id)}:${m.contact_id}`);
        const outcome = m.customer_at !== null || seen?.has('won') ? 'won' : seen?.has('lost') ? 'lost' : 'open';
        const rejected = m.rejected_at !== null && m.sql_at === null;
        return { source: m.source, form: m.first_form, accepted: m.sql_at !== null, rejected, rejectionReason: rejected ? (m.rejection_reason ?? '(no reason)') : null, outcome };
      });
    },
  };
}
