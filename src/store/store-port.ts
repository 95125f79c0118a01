import type { BackfillStore } from './backfill-store-port';
import type { ContactStore } from './contact-store-port';
import type { CrmWriteStore } from './crm-write-store-port';
import type { PortalStore } from './portal-store-port';
import type { SlaStore } from './sla-store-port';
import type { ReportStore } from './report-store-port';
import type { RevenueStore } from './revenue-store-port';
import type { ContactScanStore } from './contact-scan-store-port';
import type { RulesVersionStore } from './rules-version-store-port';
import type { ReconcileStore } from './reconcile-store-port';
import type { EventStatus } from './schema';
import type { ContractStore, ReviewStore } from './contract-store-port';

/** A webhook event as the intake stores it. */
export interface NewWebhookEvent {
  portalId: number;
  subscriptionId: number;
  eventId: string;
  occurredAt: number;
  subscriptionType: string;
  subjectKey: string;
  objectId: string | null;
  propertyName: string | null;
  propertyValue: string | null;
  changeSource: string | null;
  sourceId: string | null;
  attemptNumber: number;
  payload: string;
  /** 'ignored' for event types leadloop does not handle (yet): kept, never processed. */
  status: Extract<EventStatus, 'pending' | 'ignored'>;
}

export interface StoredEvent extends Omit<NewWebhookEvent, 'status'> {
  id: number;
  status: EventStatus;
  receivedAt: number;
  attempts: number;
  lastError: string | null;
}

export interface InsertResult {
  stored: number;
  duplicates: number;
}

export interface FailureOutcome {
  error: string;
  /** Park as dead letters instead of retrying. */
  dead: boolean;
  nextAttemptAt: number;
}

export interface ContactEventRecord {
  webhookEventId: number;
  portalId: number;
  contactId: string;
  subscriptionType: string;
  occurredAt: number;
  appliedAt: number;
}

export interface QueueCounts {
  pending: number;
  processing: number;
  dead: number;
}

/** Everything leadloop keeps. No SQL outside the implementations of this port. */
export interface Store extends ContactStore, CrmWriteStore, PortalStore, SlaStore, ReportStore, RevenueStore, ContactScanStore, RulesVersionStore, ReconcileStore, BackfillStore, ContractStore, ReviewStore {
  readonly dialect: 'sqlite' | 'postgres';
  /**
   * Runs `fn` as one unit of work: on PostgreSQL its store calls share one transaction (all kept, or none); on
   * SQLite, whose writes one process serializes anyway, the calls run as they are. `fn` must not wait on HubSpot.
   */
  unitOfWork<T>(fn: () => Promise<T>): Promise<T>;
  /** Stores a whole delivery in one transaction; redeliveries count as duplicates. */
  insertWebhookEvents(events: readonly NewWebhookEvent[], receivedAt: number): Promise<InsertResult>;
  /**
   * Claims every due event of up to `maxSubjects` subjects that no one else holds and none of whose events wait
   * for a retry, so each subject's events are applied together and in order. Expired claims (a crashed worker)
   * are due again.
   */
  claimDueEvents(workerId: string, now: number, leaseMs: number, maxSubjects: number): Promise<StoredEvent[]>;
  /**
   * Extends this worker's live claim on the events to `until` (a heartbeat: a claim held longer than one lease, by a
   * slow HubSpot or a claim waiting for the one before to finish, is not taken up by another instance while its
   * holder lives). Events no longer claimed by `workerId` are left alone. Returns how many were extended.
   */
  renewClaim(workerId: string, ids: readonly number[], until: number): Promise<number>;
  completeEvents(ids: readonly number[], now: number): Promise<void>;
  failEvents(ids: readonly number[], outcome: FailureOutcome): Promise<void>;
  listEvents(status: EventStatus, limit: number): Promise<StoredEvent[]>;
  /** Requeues dead letters (all when `ids` is 'all'); returns how many. */
  retryDeadEvents(ids: readonly number[] | 'all', now: number): Promise<number>;
  queueCounts(): Promise<QueueCounts>;
  recordContactEvents(records: readonly ContactEventRecord[]): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
