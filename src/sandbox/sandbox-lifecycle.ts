import type { SandboxPortal } from './sandbox-portal';

/**
 * A stage a portal's admin added to the lifecycle: real portals give them numeric ids (e.g. `2497212665`) and
 * place them anywhere between the defaults. https://knowledge.hubspot.com/object-settings/create-and-customize-lifecycle-stages
 */
export interface CustomLifecycleStage {
  id: string;
  label: string;
  /** The stage it follows in the portal's order ('' puts it first). */
  after: string;
}

/** The portal's lifecycle stages in its forward order: the `lifecyclestage` options as listed. */
export function lifecycleOrder(portal: SandboxPortal): string[] {
  return (portal.properties.get('lifecyclestage')?.options ?? []).map((o) => o.value);
}

/** Inserts custom stages into the `lifecyclestage` options, with their `hs_v2_date_entered_<id>` property. */
export function addCustomLifecycleStages(portal: SandboxPortal, stages: readonly CustomLifecycleStage[]): void {
  const property = portal.properties.get('lifecyclestage');
  if (!property?.options) throw new Error('the portal has no lifecyclestage options');
  for (const s of stages) {
    if (!/^\d+$/.test(s.id)) throw new Error(`custom lifecycle stage ids are numeric in HubSpot: "${s.id}"`);
    const at = s.after === '' ? 0 : property.options.findIndex((o) => o.value === s.after) + 1;
    if (at === 0 && s.after !== '') throw new Error(`custom stage ${s.id}: no stage "${s.after}" to follow`);
    property.options.splice(at, 0, { label: s.label, value: s.id });
    portal.properties.set(`hs_v2_date_entered_${s.id}`, { name: `hs_v2_date_entered_${s.id}`, label: `Date entered "${s.label} (Lifecycle Stage Pipeline)"`, type: 'datetime', fieldType: 'date', groupName: 'contactinformation', hubspotDefined: true });
  }
}

/**
 * HubSpot ignores a backward lifecycle move unless the stage is cleared first (facts §7), by the portal's own
 * order. `other` and a stage the portal does not list are outside the order: any move to or from them is taken.
 */
export function isForwardLifecycleMove(order: readonly string[], from: string, to: string): boolean {
  if (to === '' || from === '') return true;
  const ranked = order.filter((s) => s !== 'other');
  const a = ranked.indexOf(from);
  const b = ranked.indexOf(to);
  return a < 0 || b < 0 || b >= a;
}
