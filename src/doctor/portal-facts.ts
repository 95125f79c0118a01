import type { DealPipeline, GrantedScopes, PortalForm, PortalOwner, PortalProperty, Probe, SubmissionCount } from '../crm/portal-inspection-port';

/**
 * Everything the doctor read from a portal, each read either answered or failed with its reason: the diagnosis
 * reports a failed read instead of stopping at it.
 */
export interface PortalFacts {
  portalId: number;
  scopes: Probe<GrantedScopes>;
  properties: Probe<PortalProperty[]>;
  forms: Probe<PortalForm[]>;
  /** Submissions in the last 30 days, by form id (only the forms the rules name). */
  submissions: Record<string, Probe<SubmissionCount>>;
  pipelines: Probe<DealPipeline[]>;
  owners: Probe<PortalOwner[]>;
  leads: Probe<boolean>;
  contactCount: Probe<number>;
}
