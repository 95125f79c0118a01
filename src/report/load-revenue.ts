import type { CostsConfig } from '../config/costs-schema';
import type { AttributionModel, Touch, WonDeal } from '../domain/revenue-attribution';
import { buildRevenueReport, type RevenueReport } from '../domain/revenue-report';
import { summariseFeedback, type SalesFeedback } from '../domain/sales-feedback';
import type { RevenueStore, WonDealRow } from '../store/revenue-store-port';

/** How revenue is credited (LEADLOOP_ATTRIBUTION_MODEL) and marketing's costs (config/costs.json, read at each report). */
export interface RevenueOptions {
  model: AttributionModel;
  costs: () => CostsConfig | null;
}

/**
 * A stored deal as the attribution reads it: each contact's origin (source, drill-down, campaign) as a touch dated
 * when leadloop first saw the contact, then each form it submitted and campaign email it clicked. The amount is the
 * one in the portal's company currency (`amount_in_home_currency`), `amount` where HubSpot gave no such figure.
 */
export function toWonDeal(row: WonDealRow): WonDeal {
  return {
    dealId: row.dealId,
    amount: row.amountHome ?? row.amount,
    wonAt: row.wonAt,
    contacts: row.contacts.map((c) => {
      const originAt = Math.min(...[c.leadAt, c.mqlAt, c.touches[0]?.at].filter((t): t is number => t !== undefined && t !== null), row.wonAt);
      const touches: Touch[] = [{ at: originAt, source: c.source, sourceDetail: c.sourceDetail, campaign: c.campaign }];
      const forms = c.touches.filter((t) => t.kind === 'form_submitted' && t.formName);
      // The first form known only from first_conversion_event_name: dated with the origin.
      if (forms.length === 0 && c.firstForm) touches.push({ at: originAt, form: c.firstForm });
      for (const t of c.touches) {
        if (t.kind === 'form_submitted' && t.formName) touches.push({ at: t.at, form: t.formName });
        if (t.kind === 'email_clicked' && t.campaign) touches.push({ at: t.at, campaign: t.campaign });
      }
      return { contactId: c.contactId, mqlAt: c.mqlAt, touches };
    }),
  };
}

export async function loadRevenue(store: RevenueStore, from: number, to: number, portalId: number | undefined, o: RevenueOptions): Promise<{ revenue: RevenueReport; salesFeedback: SalesFeedback }> {
  const portal = portalId === undefined ? {} : { portalId };
  const [wins, cohort, mqlsByOrigin, feedback] = await Promise.all([
    store.wonDeals({ ...portal, wonFrom: from, wonTo: to }),
    store.wonDeals({ ...portal, mqlFrom: from, mqlTo: to }),
    store.mqlsByOrigin(from, to, portalId),
    store.feedbackRows(from, to, portalId),
  ]);
  const revenue = buildRevenueReport({ from, to, model: o.model, wins: wins.map(toWonDeal), cohort: cohort.map(toWonDeal), mqlsByOrigin, costs: o.costs() });
  return { revenue, salesFeedback: summariseFeedback(feedback) };
}
