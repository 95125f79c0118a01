import type { ContactDealsPort } from '../crm/contact-deals-port';
import { parseHubspotTime } from '../domain/hubspot-time';
import type { DealReader } from '../processing/read-deals';
import type { NewActivity } from '../store/contact-store-port';

const DEAL_PROPERTIES = ['dealstage', 'hs_is_closed_won', 'createdate', 'closedate'] as const;

/**
 * A page's deals, in three calls whatever its size (associations, deals, and the portal's pipelines once): each
 * contact's deals become `deal_associated`, and the won ones `deal_won` — the won logic of webhooks (read-deals.ts),
 * keyed as webhooks key them (`deal:<id>`, `won:<id>`), so a later webhook never counts one twice.
 */
export function dealActivities(crm: ContactDealsPort, deals: Pick<DealReader, 'isWon'>, linkDeal: (portalId: number, dealId: string, contactId: string) => Promise<void>) {
  return async (portalId: number, contactIds: readonly string[]): Promise<Map<string, NewActivity[]>> => {
    const byContact = await crm.readContactsDeals(portalId, contactIds);
    const ids = [...new Set([...byContact.values()].flat())];
    const out = new Map<string, NewActivity[]>();
    if (ids.length === 0) return out;
    const found = await crm.readDeals(portalId, ids, DEAL_PROPERTIES);
    const won = new Map<string, boolean>();
    for (const [id, p] of found) won.set(id, p.dealstage ? await deals.isWon(portalId, id, p.dealstage) : p.hs_is_closed_won === 'true');
    for (const [contactId, dealIds] of byContact) {
      const list: NewActivity[] = [];
      for (const dealId of dealIds) {
        const p = found.get(dealId);
        if (!p) continue; // deleted since
        await linkDeal(portalId, dealId, contactId);
        const created = parseHubspotTime(p.createdate ?? null) ?? 0;
        list.push({ activity: { kind: 'deal_associated', at: created, dealId }, sourceKey: `deal:${dealId}` });
        if (won.get(dealId)) list.push({ activity: { kind: 'deal_won', at: parseHubspotTime(p.closedate ?? null) ?? created, dealId }, sourceKey: `won:${dealId}` });
      }
      out.set(contactId, list);
    }
    return out;
  };
}
