/**
 * Which origin a won deal's amount is credited to. A deal's contacts each carry touches (their origin when
 * leadloop first saw them, each form they submitted, each campaign email they clicked); each report dimension
 * (source, source drill-down, form, campaign) is credited from the touches that name a value in it, so "first
 * touch" on the form dimension is the first form, on the source dimension the original source.
 */

export const ATTRIBUTION_MODELS = ['firstTouch', 'lastTouchBeforeMql', 'linear'] as const;
export type AttributionModel = (typeof ATTRIBUTION_MODELS)[number];

export const DIMENSIONS = ['source', 'sourceDetail', 'form', 'campaign'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** One touch of a contact: when, and what it names on each dimension (null: nothing on that one). */
export interface Touch {
  at: number;
  /** `hs_analytics_source`, e.g. PAID_SEARCH. */
  source?: string | null;
  /** `hs_analytics_source_data_1`: the source's drill-down (a campaign, a referrer, a search term). */
  sourceDetail?: string | null;
  form?: string | null;
  campaign?: string | null;
}

export interface DealContact {
  contactId: string;
  mqlAt: number | null;
  touches: readonly Touch[];
}

/** A won deal: its amount in the portal's company currency (null when the deal has none) and its contacts. */
export interface WonDeal {
  dealId: string;
  amount: number | null;
  wonAt: number;
  contacts: readonly DealContact[];
}

/** What a deal with no touch on a dimension is credited to, so each dimension's revenue adds up to the total. */
export const NO_ORIGIN = '(none)';

export interface Credit {
  key: string;
  /** The deal's share credited to `key`; a deal's shares add up to 1. */
  share: number;
}

/** The drill-down is read under its source (`PAID_SEARCH / spring-launch`): the same text means different things under two sources. */
export function touchValue(t: Touch, d: Dimension): string | null {
  if (d === 'sourceDetail') return t.source && t.sourceDetail ? `${t.source} / ${t.sourceDetail}` : null;
  return t[d] || null;
}

interface Candidate {
  key: string;
  at: number;
  contact: DealContact;
}

/**
 * A deal's credit on one dimension under a model.
 * - firstTouch: the earliest touch of any of its contacts.
 * - lastTouchBeforeMql: of the contact that became MQL first, its last touch at or before that moment; with no
 *   MQL among the contacts, the last touch before the win; with no touch before the MQL, the first touch.
 * - linear: every touch up to the win, equal shares.
 * Touches after the win count for nothing.
 */
export function creditDeal(deal: WonDeal, dimension: Dimension, model: AttributionModel): Credit[] {
  const touches: Candidate[] = deal.contacts
    .flatMap((contact) => contact.touches.map((t) => ({ key: touchValue(t, dimension), at: t.at, contact })))
    .filter((c): c is Candidate => c.key !== null && c.at <= deal.wonAt)
    .sort((a, b) => a.at - b.at || a.contact.contactId.localeCompare(b.contact.contactId));
  if (touches.length === 0) return [{ key: NO_ORIGIN, share: 1 }];
  if (model === 'firstTouch') return [{ key: touches[0]!.key, share: 1 }];
  if (model === 'linear') {
    const shares = new Map<string, number>();
    for (const t of touches) shares.set(t.key, (shares.get(t.key) ?? 0) + 1 / touches.length);
    return [...shares].map(([key, share]) => ({ key, share }));
  }
  const mqls = deal.contacts.filter((c) => c.mqlAt !== null).sort((a, b) => a.mqlAt! - b.mqlAt! || a.contactId.localeCompare(b.contactId));
  const first = mqls[0];
  const before = first ? touches.filter((t) => t.contact === first && t.at <= first.mqlAt!) : touches;
  return [{ key: (before.at(-1) ?? touches[0]!).key, share: 1 }];
}
