/** HubSpot's default lifecycle stages, in their forward order. */
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

/** Rank of a stage leadloop manages; null for '', 'other' and portal-defined stages, which it never touches. */
export function stageRank(stage: string | null | undefined): number | null {
  const i = LIFECYCLE_ORDER.indexOf((stage ?? '') as LifecycleStage);
  return i < 0 ? null : i;
}

export const STAGE_LABELS: Record<LifecycleStage, string> = {
  subscriber: 'Subscriber',
  lead: 'Lead',
  marketingqualifiedlead: 'Marketing qualified lead',
  salesqualifiedlead: 'Sales qualified lead',
  opportunity: 'Opportunity',
  customer: 'Customer',
  evangelist: 'Evangelist',
};
