import type { PortalProperty } from '../crm/portal-inspection-port';
import type { ScoringRules } from '../domain/scoring-rules';
import { block, ok, warn, type Finding } from './finding';
import type { PortalFacts } from './portal-facts';
import { propertyNeeds, type PropertyNeed } from './property-needs';

const numericOptions = (p: PortalProperty) => p.options.length > 0 && p.options.every((o) => /^-?\d+(\.\d+)?$/.test(o.value.trim()));

/** A number, or an enumeration whose options are all numbers (HubSpot's NPS rating is `0`…`10` options). */
function typeFits(p: PortalProperty, types: readonly string[]): boolean {
  return types.includes(p.type) || (types.includes('number') && p.type === 'enumeration' && numericOptions(p));
}

function checkOne(need: PropertyNeed, p: PortalProperty): Finding[] {
  const out: Finding[] = [];
  if (need.types && !typeFits(p, need.types)) {
    const message = `${p.name} is ${p.type}/${p.fieldType} but ${need.why} needs ${need.types.join(' or ')}`;
    out.push(need.writes ? block('properties', message, `delete and recreate ${p.name} as ${need.types.join('/')} (or rename leadloop's), then run \`leadloop crm setup\``) : warn('properties', `${message}: the rule never matches`, `change ${need.why} to a property of that type, or match ${p.name}'s values instead`));
  }
  if (need.writes && p.readOnlyValue) out.push(block('properties', `${p.name} is read-only to apps, and ${need.why}`, `change the rules so leadloop does not write ${p.name}`));
  if (p.type === 'enumeration' && need.values) {
    const options = new Set(p.options.map((o) => o.value));
    const missing = need.values.filter((v) => !options.has(v));
    if (missing.length > 0) {
      const message = `${p.name} has no option ${missing.map((v) => JSON.stringify(v)).join(', ')}, which ${need.why} ${need.writes ? 'writes' : 'names'}`;
      const labels = p.options.map((o) => o.value).join(', ');
      out.push(
        need.writes
          ? block('properties', `${message}: HubSpot refuses the write`, `add the option(s) to ${p.name} in HubSpot (Settings → Properties), or run \`leadloop crm setup\` for leadloop's own properties`)
          : warn('properties', `${message}: that part of the rule never matches`, `use the portal's values (${labels}) in ${need.why}, or add the option(s) in HubSpot`),
      );
    }
  }
  return out;
}

/**
 * Every property the rules, the write plan and the SLA use: does it exist, with a type that works, and with the
 * options the rules name (`GET /crm/v3/properties/contacts`:
 * https://developers.hubspot.com/docs/api-reference/crm-properties-v3/guide).
 */
export function diagnoseProperties(facts: PortalFacts, rules: ScoringRules): Finding[] {
  if (!facts.properties.available) return [block('properties', `could not read the contact properties (${facts.properties.reason})`, 'grant crm.schemas.contacts.read (or crm.schemas.contacts.write) and run the doctor again')];
  const byName = new Map(facts.properties.value.map((p) => [p.name, p]));
  const needs = propertyNeeds(rules);
  const findings: Finding[] = [];
  const missing = new Map<string, PropertyNeed[]>();
  const unfit = new Set<string>();
  for (const need of needs) {
    const p = byName.get(need.name);
    if (!p) {
      missing.set(need.name, [...(missing.get(need.name) ?? []), need]);
      continue;
    }
    const found = checkOne(need, p);
    if (found.length > 0) unfit.add(need.name);
    findings.push(...found);
  }
  for (const [name, list] of missing) {
    const whys = [...new Set(list.map((n) => n.why))].join(', ');
    const blocking = list.some((n) => n.ifMissing === 'block');
    const fix = list.find((n) => n.fix)?.fix ?? (blocking ? `create ${name} in HubSpot, or change ${whys} to use a property this portal has` : `nothing breaks, but leadloop will not see ${name} (${whys}); create it only if your portal should have it`);
    findings.push((blocking ? block : warn)('properties', `${name} does not exist in this portal (${whys})`, fix));
  }
  const names = new Set(needs.map((n) => n.name));
  findings.unshift(ok('properties', `${names.size} properties checked; ${names.size - missing.size - unfit.size} fit what leadloop needs`));
  return findings;
}
