import type { ScoringRules } from '../domain/scoring-rules';
import { defaultContactPropertyType } from './hubspot-default-contact-properties';

/** leadloop creates its own properties at start-up (`leadloop_score` …); rules may name them freely. */
const LEADLOOP_OWN = /^leadloop_/;
/** Default properties whose options are count buckets (`1-5` … `1000+`): a numeric `range` never matches them. */
const BUCKETED = new Set(['numemployees']);

/** Every place the rules name a contact property, with a path a reader can find in the file. */
function namedProperties(rules: ScoringRules): Array<{ path: string; property: string }> {
  const { lifecycle } = rules;
  return [
    ...rules.fit.rules.map((r, i) => ({ path: `fit.rules[${i}] (${r.id})`, property: r.property })),
    { path: 'lifecycle.salesAccepted', property: lifecycle.salesAccepted.property },
    { path: 'lifecycle.disqualified', property: lifecycle.disqualified.property },
    ...(lifecycle.promoter ? [{ path: 'lifecycle.promoter', property: lifecycle.promoter.property }] : []),
    ...Object.entries(rules.matrix).flatMap(([cell, tactic]) =>
      tactic.actions.flatMap((a, i) => (a.kind === 'set_property' ? [{ path: `matrix.${cell}.actions[${i}]`, property: a.property }] : [])),
    ),
  ];
}

/**
 * What a real portal would make of the rules' properties: a rule on a property the portal does not have never
 * matches (HubSpot returns nothing for an unknown property), and a write to one is refused. Warnings, not errors:
 * the portal may well have the property, but then the rules should say so in `customProperties`.
 */
export function checkRuleProperties(rules: ScoringRules): string[] {
  const custom = new Set((rules.customProperties ?? []).map((p) => p.name));
  const warnings: string[] = [];
  for (const { path, property } of namedProperties(rules)) {
    if (custom.has(property) || LEADLOOP_OWN.test(property) || defaultContactPropertyType(property)) continue;
    const hint = property === 'numberofemployees' ? ' (a company property: contacts have `numemployees`, buckets such as "100-500"; match it with "bucket")' : property === 'nps_score' ? ' (NPS is `hs_feedback_last_nps_rating`, 0–10)' : '';
    warnings.push(`${path}: "${property}" is not a HubSpot default contact property${hint}; if your portal has it, declare it in customProperties`);
  }
  rules.fit.rules.forEach((r, i) => {
    if (r.match.kind === 'range' && BUCKETED.has(r.property)) {
      warnings.push(`fit.rules[${i}] (${r.id}): "${r.property}" holds buckets such as "100-500", which a numeric range never matches; use {"kind":"bucket"}`);
    }
  });
  return warnings;
}
