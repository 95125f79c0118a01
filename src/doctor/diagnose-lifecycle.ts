import type { PortalProperty } from '../crm/portal-inspection-port';
import { LIFECYCLE_ORDER } from '../domain/lifecycle-stage';
import type { ScoringRules } from '../domain/scoring-rules';
import { block, ok, warn, type Finding } from './finding';
import type { PortalFacts } from './portal-facts';

/** HubSpot's default values (facts §7); anything else is a stage or status the portal added. */
export const DEFAULT_STAGES = [...LIFECYCLE_ORDER, 'other'];
export const DEFAULT_LEAD_STATUSES = ['NEW', 'OPEN', 'IN_PROGRESS', 'OPEN_DEAL', 'UNQUALIFIED', 'ATTEMPTED_TO_CONTACT', 'CONNECTED', 'BAD_TIMING'];

const show = (o: { label: string; value: string }) => (o.label && o.label !== o.value ? `${o.label} (${o.value})` : o.value);
const propertyOf = (facts: PortalFacts, name: string): PortalProperty | undefined => (facts.properties.available ? facts.properties.value.find((p) => p.name === name) : undefined);

/**
 * The portal's lifecycle stages in its order, and the ones it added. Since 2022 admins add, remove and reorder
 * stages; custom stages have numeric ids (https://knowledge.hubspot.com/object-settings/create-and-customize-lifecycle-stages).
 */
export function diagnoseLifecycle(facts: PortalFacts, rules: ScoringRules): Finding[] {
  const p = propertyOf(facts, 'lifecyclestage');
  if (!p) return [block('lifecycle', 'lifecyclestage could not be read from this portal', 'see the properties area: leadloop cannot qualify contacts without it')];
  const stages = p.options.filter((o) => !o.hidden);
  const findings: Finding[] = [ok('lifecycle', `stages in the portal's order: ${stages.map(show).join(' → ')}`)];
  stages.forEach((o, i) => {
    if (DEFAULT_STAGES.includes(o.value)) return;
    const between = [stages[i - 1], stages[i + 1]].map((s) => (s ? s.value : '(end)'));
    findings.push(warn('lifecycle', `custom stage ${show(o)} between ${between[0]} and ${between[1]}: leadloop never moves a contact into it or out of it`, `nothing to do if people move contacts through it; if it replaces a default stage, map it in the rules before going live`));
  });
  const values = stages.map((o) => o.value);
  const defaultsInPortalOrder = values.filter((v) => (LIFECYCLE_ORDER as readonly string[]).includes(v));
  const defaultsInLeadloopOrder = LIFECYCLE_ORDER.filter((v) => values.includes(v));
  if (defaultsInPortalOrder.join() !== defaultsInLeadloopOrder.join()) {
    findings.push(warn('lifecycle', `the portal orders the default stages ${defaultsInPortalOrder.join(' → ')}, not as leadloop moves them forward (${defaultsInLeadloopOrder.join(' → ')})`, 'restore HubSpot\'s default order in Settings → Objects → Contacts → Lifecycle stage, or expect leadloop to move contacts "forward" in its own order'));
  }
  // Stages leadloop writes: MQL (matrix), SQL (sales accepted), opportunity and customer (deals), evangelist (promoter).
  const written = ['marketingqualifiedlead', 'salesqualifiedlead', 'opportunity', 'customer', ...(rules.lifecycle.promoter ? ['evangelist'] : [])];
  for (const stage of written.filter((s) => !p.options.some((o) => o.value === s))) {
    findings.push(block('lifecycle', `stage ${stage} is not among the portal's stages: HubSpot refuses leadloop's move to it`, `restore ${stage} in Settings → Objects → Contacts → Lifecycle stage${stage === 'evangelist' ? ', or drop lifecycle.promoter from the rules' : ''}`));
  }
  return findings;
}

/** The portal's lead statuses, the ones it added, and how the rules read each (facts §7, §11). */
export function diagnoseLeadStatus(facts: PortalFacts, rules: ScoringRules): Finding[] {
  const p = propertyOf(facts, 'hs_lead_status');
  if (!p) return [warn('lead-status', 'hs_lead_status could not be read from this portal', 'see the properties area')];
  const values = p.options.filter((o) => !o.hidden);
  const custom = values.filter((o) => !DEFAULT_LEAD_STATUSES.includes(o.value));
  const findings: Finding[] = [ok('lead-status', `lead statuses: ${values.map(show).join(', ')}${custom.length ? ` (custom: ${custom.map((o) => o.value).join(', ')})` : ''}`)];
  const { salesAccepted, disqualified } = rules.lifecycle;
  const classified = new Set([...(salesAccepted.property === 'hs_lead_status' ? salesAccepted.values : []), ...(disqualified.property === 'hs_lead_status' ? disqualified.values : [])]);
  for (const o of custom.filter((c) => !classified.has(c.value))) {
    findings.push(warn('lead-status', `custom lead status ${show(o)} means neither "sales accepted" nor "disqualified" to leadloop`, `if it means either, add "${o.value}" to lifecycle.salesAccepted.values or lifecycle.disqualified.values in config/scoring.json`));
  }
  return findings;
}
