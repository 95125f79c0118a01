import { LEADLOOP_PROPERTIES } from '../crm/leadloop-properties';
import { propertiesNeeded } from '../domain/plan-crm-update';
import type { PropertyMatch, ScoringRules } from '../domain/scoring-rules';
import { ACTIVITY_PROPERTIES, SLA_PROPERTIES } from '../manifest/build-webhooks-manifest';
import type { FindingStatus } from './finding';

/** What leadloop needs of one contact property, and why: each need is checked and reported on its own. */
export interface PropertyNeed {
  name: string;
  /** Who needs it, for the report: `fit rule company-size-core`, `the write plan`… */
  why: string;
  /** How bad a missing property is: a rule or a write that cannot work blocks; a weaker signal warns. */
  ifMissing: Exclude<FindingStatus, 'ok'>;
  /** The types that work; any when absent. */
  types?: readonly string[];
  /** Values leadloop compares with or writes: an enumeration must have them as options. */
  values?: readonly string[];
  /** leadloop writes it: a read-only property blocks, and a missing option blocks instead of warning. */
  writes?: boolean;
  /** Its fix when missing, if not the generic one. */
  fix?: string;
}

const SETUP = 'run `leadloop crm setup` (it creates leadloop\'s property group and properties)';

function matchNeed(m: PropertyMatch): Pick<PropertyNeed, 'types' | 'values'> {
  switch (m.kind) {
    case 'range':
      return { types: ['number'] };
    case 'equals':
      return { values: [m.value] };
    case 'oneOf':
      return { values: m.values };
    default:
      return {};
  }
}

/** Every contact property the rules, the write plan and the SLA use, with what each needs of it. */
export function propertyNeeds(rules: ScoringRules): PropertyNeed[] {
  const needs: PropertyNeed[] = [];
  for (const r of rules.fit.rules) needs.push({ name: r.property, why: `fit rule ${r.id}`, ifMissing: 'block', ...matchNeed(r.match) });
  const { salesAccepted, disqualified, promoter } = rules.lifecycle;
  needs.push({ name: salesAccepted.property, why: 'lifecycle.salesAccepted', ifMissing: 'block', values: salesAccepted.values });
  needs.push({ name: disqualified.property, why: 'lifecycle.disqualified', ifMissing: 'block', values: disqualified.values });
  if (promoter) needs.push({ name: promoter.property, why: 'lifecycle.promoter', ifMissing: 'block', types: ['number'] });
  for (const [cell, tactic] of Object.entries(rules.matrix)) {
    for (const a of tactic.actions) {
      if (a.kind === 'set_property') needs.push({ name: a.property, why: `matrix.${cell} sets it`, ifMissing: 'block', values: [a.value], writes: true });
      if (a.kind === 'set_stage') needs.push({ name: 'lifecyclestage', why: `matrix.${cell} sets the stage`, ifMissing: 'block', types: ['enumeration'], writes: true });
    }
  }
  for (const p of LEADLOOP_PROPERTIES) {
    needs.push({ name: p.name, why: 'leadloop writes it', ifMissing: 'block', types: [p.type], values: p.options?.map((o) => o.value), writes: true, fix: SETUP });
  }
  // What leadloop only reads: without it a signal is lost, nothing is refused.
  const named = new Set(needs.map((n) => n.name));
  const reads = (names: readonly string[], why: string) => {
    for (const name of names.filter((n) => !named.has(n))) {
      needs.push({ name, why, ifMissing: 'warn' });
      named.add(name);
    }
  };
  reads(propertiesNeeded(rules), 'the write plan reads it');
  reads(SLA_PROPERTIES, 'the SLA reads it as a sales touch');
  reads(ACTIVITY_PROPERTIES, 'engagement rules read it');
  return needs;
}
