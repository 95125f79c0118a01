/** HubSpot's default lifecycle stages, in their default forward order: the stages leadloop itself sets. */
export const LIFECYCLE_ORDER = [
  'subscriber',
  'lead',
  'marketingqualifiedlead',
  'salesqualifiedlead',
  'opportunity',
  'customer',
  'evangelist',
] as const;

export type LifecycleStage = (typeof LIFECYCLE_ORDER)[number];

/**
 * A portal's lifecycle stages in its own forward order: the `lifecyclestage` property's options as HubSpot lists
 * them, custom stages (numeric ids such as `2497212665`) included. Admins can add, remove and reorder stages, so
 * leadloop reads this per portal instead of assuming the defaults.
 * https://knowledge.hubspot.com/object-settings/create-and-customize-lifecycle-stages
 */
export type StageOrder = readonly string[];

/** A fresh portal's order (HubSpot lists `other` last). */
export const DEFAULT_STAGE_ORDER: StageOrder = [...LIFECYCLE_ORDER, 'other'];

/**
 * Rank of a stage in the portal's order; null for '', for `other` (outside the funnel) and for a stage the
 * portal's order does not list, which leadloop therefore does not understand and never moves a contact out of.
 */
export function stageRank(stage: string | null | undefined, order: StageOrder = DEFAULT_STAGE_ORDER): number | null {
  const s = (stage ?? '').trim();
  if (s === '' || s === 'other') return null;
  const i = order.indexOf(s);
  return i < 0 ? null : i;
}

/** One of HubSpot's default stages (anything else a portal lists is custom). */
export const isDefaultStage = (stage: string): stage is LifecycleStage => (LIFECYCLE_ORDER as readonly string[]).includes(stage);

export const STAGE_LABELS: Record<LifecycleStage, string> = {
  subscriber: 'Subscriber',
  lead: 'Lead',
  marketingqualifiedlead: 'Marketing qualified lead',
  salesqualifiedlead: 'Sales qualified lead',
  opportunity: 'Opportunity',
  customer: 'Customer',
  evangelist: 'Evangelist',
};

/** A default stage's label; a custom stage is named by its id (leadloop does not read custom labels). */
export const stageLabel = (stage: string): string => (isDefaultStage(stage) ? STAGE_LABELS[stage] : stage || '(none)');
