import { ok, warn, type Finding } from './finding';
import type { PortalFacts } from './portal-facts';

/**
 * Each deal pipeline and the stages that count as won: closed with probability 1.0
 * (`GET /crm/v3/pipelines/deals`: https://developers.hubspot.com/docs/api-reference/crm-pipelines-v3/guide).
 * Non-default pipelines use numeric stage ids; `closedwon` is only the default pipeline's.
 */
export function diagnoseDeals(facts: PortalFacts): Finding[] {
  if (!facts.pipelines.available) {
    return [warn('deals', `could not read the deal pipelines (${facts.pipelines.reason})`, 'grant crm.objects.deals.read; without the pipelines only the default pipeline\'s closedwon stage is known to be won')];
  }
  const pipelines = facts.pipelines.value;
  if (pipelines.length === 0) return [warn('deals', 'the portal has no deal pipeline', 'nothing makes a customer from a deal until a pipeline exists')];
  return pipelines.map((p) => {
    const won = p.stages.filter((s) => s.isClosed && s.probability === 1);
    if (won.length === 0) return warn('deals', `pipeline "${p.label}" (${p.id}) has no stage closed with probability 1.0: no deal in it makes a customer`, `mark its won stage as closed won (probability 100%) in Settings → Objects → Deals → Pipelines`);
    return ok('deals', `pipeline "${p.label}" (${p.id}): won at ${won.map((s) => `"${s.label}" (${s.id})`).join(', ')}`);
  });
}
