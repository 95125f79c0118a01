import type { SlaConfig } from '../config/sla-schema';
import type { RateLimit } from '../crm/rate-limiter';
import type { ScoringRules } from '../domain/scoring-rules';
import { diagnoseBackfill } from './estimate-backfill';
import { diagnoseDeals } from './diagnose-deals';
import { diagnoseForms } from './diagnose-forms';
import { diagnoseLeadStatus, diagnoseLifecycle } from './diagnose-lifecycle';
import { diagnoseProperties } from './diagnose-properties';
import { diagnoseScopes } from './diagnose-scopes';
import { diagnoseLeads, diagnoseOwners } from './diagnose-team';
import { diagnoseWebhooks } from './diagnose-webhooks';
import type { Finding } from './finding';
import type { PortalFacts } from './portal-facts';

export interface DoctorInput {
  facts: PortalFacts;
  rules: ScoringRules;
  sla: Pick<SlaConfig, 'escalation'>;
  /** webhooks/webhooks.json as committed (parsed), or null when there is none. */
  manifest: unknown;
  rateLimit: RateLimit;
}

export interface DoctorReport {
  portalId: number;
  /** True when nothing blocks going live. */
  ok: boolean;
  findings: Finding[];
}

/** Facts + rules + manifest → findings, area by area, in the order an admin fixes them. No I/O. */
export function diagnosePortal(i: DoctorInput): DoctorReport {
  const findings = [
    ...diagnoseScopes(i.facts),
    ...diagnoseWebhooks(i.rules, i.manifest),
    ...diagnoseProperties(i.facts, i.rules),
    ...diagnoseForms(i.facts, i.rules),
    ...diagnoseLifecycle(i.facts, i.rules),
    ...diagnoseLeadStatus(i.facts, i.rules),
    ...diagnoseDeals(i.facts),
    ...diagnoseOwners(i.facts, i.sla.escalation?.managerOwnerId),
    ...diagnoseLeads(i.facts),
    ...diagnoseBackfill(i.facts, i.rateLimit),
  ];
  return { portalId: i.facts.portalId, ok: !findings.some((f) => f.status === 'block'), findings };
}
