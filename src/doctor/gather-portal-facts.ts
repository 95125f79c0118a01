import type { PortalInspectionPort, Probe } from '../crm/portal-inspection-port';
import type { ScoringRules } from '../domain/scoring-rules';
import { formsNamed, resolveForm, SUBMISSION_WINDOW_DAYS } from './diagnose-forms';
import type { PortalFacts } from './portal-facts';

const DAY_MS = 86_400_000;

/** A failed read becomes its reason, so one refused endpoint never hides what the others say. */
async function attempt<T>(read: () => Promise<T>): Promise<Probe<T>> {
  try {
    return { available: true, value: await read() };
  } catch (e) {
    return { available: false, reason: e instanceof Error ? e.message : String(e) };
  }
}

const flat = <T>(p: Probe<Probe<T>>): Probe<T> => (p.available ? p.value : p);

/** Reads what the diagnosis needs through the port (read-only), one area after another. */
export async function gatherPortalFacts(port: PortalInspectionPort, portalId: number, rules: ScoringRules, now: number): Promise<PortalFacts> {
  const scopes = await attempt(() => port.grantedScopes());
  const properties = await attempt(() => port.contactProperties());
  const forms = await attempt(() => port.forms());
  const submissions: PortalFacts['submissions'] = {};
  if (forms.available) {
    for (const { selector } of formsNamed(rules)) {
      const form = resolveForm(selector, forms.value);
      if (form && !submissions[form.id]) submissions[form.id] = await attempt(() => port.countSubmissionsSince(form.id, now - SUBMISSION_WINDOW_DAYS * DAY_MS));
    }
  }
  return {
    portalId,
    scopes,
    properties,
    forms,
    submissions,
    pipelines: flat(await attempt(() => port.dealPipelines())),
    owners: await attempt(() => port.owners()),
    leads: flat(await attempt(() => port.leadsInUse())),
    contactCount: await attempt(() => port.contactCount()),
  };
}
