import type { PortalForm } from '../crm/portal-inspection-port';
import type { FormSelector, ScoringRules } from '../domain/scoring-rules';
import { closestNames } from './closest-names';
import { block, ok, warn, type Finding } from './finding';
import type { PortalFacts } from './portal-facts';

export const SUBMISSION_WINDOW_DAYS = 30;

export interface NamedForm {
  selector: FormSelector;
  /** The rules and signals that name it. */
  ruleIds: string[];
}

const describe = (s: FormSelector) => [s.name !== undefined ? `"${s.name}"` : '', s.id !== undefined ? `id ${s.id}` : ''].filter(Boolean).join(' / ');
const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** Every form the engagement rules and the ready-to-buy signals name, once each. */
export function formsNamed(rules: ScoringRules): NamedForm[] {
  const out = new Map<string, NamedForm>();
  for (const r of [...rules.engagement.rules, ...rules.readyToBuy.signals]) {
    if (r.event.kind !== 'form_submitted' || !r.event.form) continue;
    const key = describe(r.event.form);
    const entry = out.get(key) ?? { selector: r.event.form, ruleIds: [] };
    entry.ruleIds.push(r.id);
    out.set(key, entry);
  }
  return [...out.values()];
}

/** The portal's form a selector means, as the rules match it: by id, by name (case aside), or both. */
export function resolveForm(selector: FormSelector, forms: readonly PortalForm[]): PortalForm | undefined {
  return forms.find((f) => (selector.id === undefined || f.id === selector.id) && (selector.name === undefined || same(f.name, selector.name)));
}

/**
 * Every form the rules name, found among the portal's forms (`GET /marketing/v3/forms`:
 * https://developers.hubspot.com/docs/api-reference/marketing-forms-v3/guide), with its submissions of the last
 * 30 days. A form not found means the rules that name it never fire.
 */
export function diagnoseForms(facts: PortalFacts, rules: ScoringRules): Finding[] {
  const named = formsNamed(rules);
  if (named.length === 0) return [ok('forms', 'the rules name no form')];
  if (!facts.forms.available) return [block('forms', `could not list the portal's forms (${facts.forms.reason})`, 'grant the `forms` scope and run the doctor again')];
  const forms = facts.forms.value;
  const findings: Finding[] = [];
  for (const { selector, ruleIds } of named) {
    const form = resolveForm(selector, forms);
    const rulesText = ruleIds.join(', ');
    if (!form) {
      const near = selector.name !== undefined ? closestNames(selector.name, forms.map((f) => f.name)) : [];
      const byId = selector.id !== undefined ? forms.find((f) => f.id === selector.id) : undefined;
      const hint = byId ? `the form with that id is now named "${byId.name}"` : near.length > 0 ? `closest: ${near.map((n) => `"${n}"`).join(', ')}` : 'no form has a similar name';
      findings.push(block('forms', `form ${describe(selector)} (${rulesText}) is not among the portal's ${forms.length} forms; ${hint}`, `put the form's current name${selector.id !== undefined ? ' and id' : ''} in config/scoring.json (${rulesText}), or better its id, which survives a rename`));
      continue;
    }
    const seen = facts.submissions[form.id];
    if (!seen || !seen.available) {
      findings.push(warn('forms', `form "${form.name}" found (${rulesText}); its submissions could not be read (${seen?.available === false ? seen.reason : 'not read'})`, 'grant the `forms` scope to see whether the form is in use'));
    } else if (seen.value.count === 0) {
      findings.push(warn('forms', `form "${form.name}" found (${rulesText}) but had no submission in the last ${SUBMISSION_WINDOW_DAYS} days`, 'check that this is the form your site uses; if another form takes these requests, name that one in the rules'));
    } else {
      findings.push(ok('forms', `form "${form.name}" found (${rulesText}): ${seen.value.complete ? '' : 'at least '}${seen.value.count} submissions in the last ${SUBMISSION_WINDOW_DAYS} days`));
    }
  }
  return findings;
}
