import type { SlaItem } from '../domain/sla-policy';

export interface StoredSlaItem extends SlaItem {
  id: number;
  portalId: number;
  contactId: string;
  firstTouchDueAt: number;
  status: 'open' | 'overdue' | 'met' | 'breached' | 'closed';
  nextCheckAt: number | null;
  closedReason: string | null;
  /** The status still has to be written to HubSpot (the last write failed): the next audit writes it again. */
  statusPending?: boolean;
}

export interface SlaNotificationRecord {
  id: number;
  noticeKey: string;
  itemId: number;
  portalId: number;
  contactId: string;
  kind: string;
  ownerId: string | null;
  payload: string;
  /** pending: to send or to retry; sent: every channel took it; dead: gave up after the last attempt. */
  status: 'pending' | 'sent' | 'dead';
  taskId: string | null;
  createdAt: number;
  /** Channels that took it (never asked again), and those that failed its last attempt. */
  sentChannels: string[];
  failedChannels: string[];
  attempts: number;
  nextAttemptAt: number | null;
  lastError: string | null;
}

export interface NotificationFailure {
  sentChannels: string[];
  failedChannels: string[];
  taskId: string | null;
  error: string;
  /** When to try again; null makes it a dead letter. */
  nextAttemptAt: number | null;
}

export interface SlaStore {
  /** Opens the contact's SLA unless one is already running; returns the running one. */
  openSlaItem(item: Omit<StoredSlaItem, 'id' | 'closedReason'>): Promise<StoredSlaItem>;
  activeSlaItem(portalId: number, contactId: string): Promise<StoredSlaItem | null>;
  /**
   * Saves the item; with `read` (what the change was based on), only if the row still holds it: false when
   * someone saved it meanwhile (nothing written: read it again).
   */
  saveSlaItem(item: StoredSlaItem, now: number, read?: StoredSlaItem): Promise<boolean>;
  /** Items whose next check is due, oldest first (the indexed scan the audit makes). */
  dueSlaItems(now: number, limit: number): Promise<StoredSlaItem[]>;
  listSlaItems(filter: { overdue?: boolean; ownerId?: string; limit: number }): Promise<StoredSlaItem[]>;
  /** Records a notification before it is sent; false if that key exists (already sent or being sent). */
  claimNotification(n: Pick<SlaNotificationRecord, 'noticeKey' | 'itemId' | 'portalId' | 'contactId' | 'kind' | 'ownerId' | 'payload' | 'createdAt'>): Promise<boolean>;
  markNotificationSent(noticeKey: string, taskId: string | null, now: number, sentChannels?: string[]): Promise<void>;
  /** An attempt some channel failed: counts it, keeps who took it, and schedules the next try (or gives up). */
  recordNotificationFailure(noticeKey: string, failure: NotificationFailure, now: number): Promise<void>;
  /** Notifications due a (re)try at `now`: a failed attempt whose backoff is over, or one recorded a minute ago and never confirmed (a crash mid-send). */
  pendingNotifications(now: number, limit: number): Promise<SlaNotificationRecord[]>;
  /** Notices some channel failed: being retried, and dead letters. */
  failedNotifications(limit: number): Promise<SlaNotificationRecord[]>;
  /** Marks the item's HubSpot status written, or still to write (then due by `dueBy` at the latest). */
  setSlaStatusPending(itemId: number, pending: boolean, dueBy: number): Promise<void>;
  /** A named lease: true if taken (free, expired, or already ours). */
  takeLease(name: string, holder: string, now: number, ttlMs: number): Promise<boolean>;
  releaseLease(name: string, holder: string): Promise<void>;
  /** Claims one scheduled moment of a job for `holder`: true for the first instance to ask, false for the others. */
  claimJobRun(name: string, moment: number, holder: string, now: number): Promise<boolean>;
  /** Next owner after the last one given in this portal, from `ownerIds` in order. */
  nextRoundRobinOwner(portalId: number, ownerIds: readonly string[]): Promise<string | null>;
}
