/**
 * What `leadloop doctor` reads from a portal before anything is written: a narrow, read-only port, so the
 * diagnosis sees exactly what a real portal holds and nothing leadloop assumes.
 */

export interface PortalPropertyOption {
  label: string;
  value: string;
  hidden: boolean;
}

export interface PortalProperty {
  name: string;
  label: string;
  type: string;
  fieldType: string;
  /** In the portal's order (HubSpot's `displayOrder`, then as listed): for lifecyclestage this is the stage order. */
  options: PortalPropertyOption[];
  /** `modificationMetadata.readOnlyValue`: HubSpot refuses writes from apps. */
  readOnlyValue: boolean;
}

export interface PortalForm {
  id: string;
  name: string;
}

export interface DealPipelineStage {
  id: string;
  label: string;
  isClosed: boolean;
  /** `metadata.probability` as a number (HubSpot sends a string, "1.0" for won). */
  probability: number | null;
}

export interface DealPipeline {
  id: string;
  label: string;
  stages: DealPipelineStage[];
}

export interface PortalOwner {
  id: string;
  email: string;
  archived: boolean;
}

/** An endpoint a portal may lack (plan, scope, or not rolled out): what it said, or why it said nothing. */
export type Probe<T> = { available: true; value: T } | { available: false; reason: string };

export interface GrantedScopes {
  /** How the token was issued: a private app's static token, or an OAuth install. */
  kind: 'private-app' | 'oauth';
  scopes: string[];
}

export interface SubmissionCount {
  count: number;
  /** False when the count stopped at the page cap before reaching submissions older than `since`. */
  complete: boolean;
}

export interface PortalInspectionPort {
  grantedScopes(): Promise<GrantedScopes>;
  contactProperties(): Promise<PortalProperty[]>;
  forms(): Promise<PortalForm[]>;
  countSubmissionsSince(formId: string, since: number): Promise<SubmissionCount>;
  dealPipelines(): Promise<Probe<DealPipeline[]>>;
  owners(): Promise<PortalOwner[]>;
  /** Whether the portal has Lead records (Sales Hub's Leads object); unavailable when 403/404. */
  leadsInUse(): Promise<Probe<boolean>>;
  contactCount(): Promise<number>;
}
