import type { FunnelFacts as FunnelCounts, ReportFunnelRow } from '../domain/closed-loop-report';

/** What one decision tells the closed-loop report about a contact. */
export interface FunnelFacts {
  /** The stage leadloop holds the contact at now; every stage up to it is recorded as reached at `at` if new. */
  stage: string;
  at: number;
  source: string | null;
  campaign: string | null;
  firstForm: string | null;
  /** Sales rejected the lead (a `lifecycle.disqualified` value, by default hs_lead_status UNQUALIFIED). */
  rejected: boolean;
  /** Why: the hs_lead_status value, or the lead's disqualified stage. */
  rejectionReason?: string | null;
  /** hs_analytics_source_data_1: the original source's drill-down. */
  sourceDetail?: string | null;
  emailKey: string | null;
  nameKey: string | null;
  displayName: string | null;
}

/** A contact's stage times and origin (the domain's row, with whose it is). */
export interface FunnelRow extends ReportFunnelRow {
  portalId: number;
  contactId: string;
}

export interface DuplicateGroup {
  portalId: number;
  /** What they share: `email` or `name+domain`. */
  reason: 'email' | 'name+domain';
  key: string;
  contacts: Array<{ contactId: string; displayName: string | null }>;
}

export interface SlaRow {
  ownerId: string | null;
  openedAt: number;
  firstTouchDueAt: number;
  firstTouchAt: number | null;
  touches: number;
  status: string;
}


export interface ReportStore {
  /** The period's funnel counted in the store (aggregate queries; agrees with domain `aggregateFunnel`). */
  funnelCounts(from: number, to: number, portalId?: number): Promise<FunnelCounts>;
  recordFunnel(portalId: number, contactId: string, facts: FunnelFacts): Promise<void>;
  /** Contacts that entered the funnel (lead or MQL) in [from, to), with every stage time they reached since. */
  funnelRows(from: number, to: number, portalId?: number): Promise<FunnelRow[]>;
  slaRows(from: number, to: number, portalId?: number): Promise<SlaRow[]>;
  /** MQLs past their first-touch deadline and still untouched (not accepted, not disqualified), per owner. */
  overdueByOwner(portalId?: number): Promise<Array<{ portalId: number; ownerId: string | null; overdue: number }>>;
  duplicateGroups(limit: number, portalId?: number): Promise<DuplicateGroup[]>;
  /** Loads many rows at once (a backfill, or a benchmark's year of history); existing contacts are replaced. */
  importFunnelRows(rows: ReadonlyArray<FunnelRow & { emailKey?: string | null; nameKey?: string | null; displayName?: string | null }>): Promise<void>;
}
