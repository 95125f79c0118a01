import type { DecisionData } from './decide';
import { DEFAULT_STAGE_ORDER, isDefaultStage, stageRank, type StageOrder } from './lifecycle-stage';
import { sameCrmValue } from './same-crm-value';
import type { ScoringRules } from './scoring-rules';

/** leadloop's contact properties (created by `leadloop crm setup`). */
export const WRITTEN_PROPERTIES = {
  score: 'leadloop_score',
  fitGrade: 'leadloop_fit_grade',
  engagementScore: 'leadloop_engagement_score',
  matrixCell: 'leadloop_matrix_cell',
  lastDecision: 'leadloop_last_decision',
} as const;

export interface CrmUpdatePlan {
  /** Only what differs from what the CRM holds; empty means no call. */
  properties: Record<string, string>;
  /** The stage moves forward in the CRM too: the salesperson gets one note explaining it. */
  stageChange: { from: string; to: string } | null;
}

/** Every property the plan may compare, so the batch read asks for these and nothing else. */
export function propertiesToRead(extra: readonly string[] = []): string[] {
  return ['lifecyclestage', ...Object.values(WRITTEN_PROPERTIES), ...extra];
}

/**
 * What to write so the CRM reflects a decision, given what the CRM holds now. Scores are rounded to whole
 * points: decay moves them a little every day, and a write per hundredth would be noise. The stage is written
 * only forward of what the CRM holds now (a person may have moved it since), never cleared, never backward, by the
 * portal's own stage order; a custom stage the decision did not start from is left alone.
 */
export function planCrmUpdate(d: DecisionData, crm: Readonly<Record<string, string | null | undefined>>, order: StageOrder = DEFAULT_STAGE_ORDER): CrmUpdatePlan {
  const wanted: Record<string, string> = {
    [WRITTEN_PROPERTIES.score]: String(Math.round(d.score)),
    [WRITTEN_PROPERTIES.fitGrade]: d.fit.grade,
    [WRITTEN_PROPERTIES.engagementScore]: String(Math.round(d.engagement.score)),
    [WRITTEN_PROPERTIES.matrixCell]: d.cell,
  };
  for (const action of d.tactic.actions) if (action.kind === 'set_property') wanted[action.property] = action.value;

  let stageChange: CrmUpdatePlan['stageChange'] = null;
  const crmStage = (crm.lifecyclestage ?? '').trim();
  const crmRank = crmStage === '' ? -1 : isDefaultStage(crmStage) || crmStage === d.stage.from ? stageRank(crmStage, order) : null;
  const toRank = stageRank(d.stage.to, order);
  if (d.stage.changed && toRank !== null && crmRank !== null && toRank > crmRank) {
    wanted.lifecyclestage = d.stage.to;
    wanted[WRITTEN_PROPERTIES.lastDecision] = `${crmStage || '(none)'} → ${d.stage.to}: ${d.stage.reason}`.slice(0, 500);
    stageChange = { from: crmStage, to: d.stage.to };
  }
  const properties: Record<string, string> = {};
  for (const [name, value] of Object.entries(wanted)) if (!sameCrmValue(crm[name], value)) properties[name] = value;
  return { properties, stageChange };
}

/**
 * The contact properties the rules read, plus those leadloop compares before writing: the only ones the
 * batch read asks for.
 */
export function propertiesNeeded(rules: ScoringRules): string[] {
  const names = new Set<string>([
    ...rules.fit.rules.map((r) => r.property),
    rules.lifecycle.salesAccepted.property,
    rules.lifecycle.disqualified.property,
    ...(rules.lifecycle.promoter ? [rules.lifecycle.promoter.property] : []),
    ...Object.values(rules.matrix).flatMap((t) => t.actions.flatMap((a) => (a.kind === 'set_property' ? [a.property] : []))),
    ...propertiesToRead(),
    'email',
    'hubspot_owner_id',
    'recent_conversion_event_name',
    'recent_conversion_date',
    'num_conversion_events',
  ]);
  return [...names].sort();
}

/** Properties leadloop itself writes: a change to one of them made by an integration is most likely our echo. */
export function writtenPropertyNames(rules: ScoringRules): Set<string> {
  return new Set([
    'lifecyclestage',
    ...Object.values(WRITTEN_PROPERTIES),
    ...Object.values(rules.matrix).flatMap((t) => t.actions.flatMap((a) => (a.kind === 'set_property' ? [a.property] : []))),
  ]);
}
