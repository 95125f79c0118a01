import type { SlaItem } from '../domain/sla-policy';

export interface StoredSlaItem extends SlaItem {
  id: number;
  portalId: number;
  contactId: string;
  firstTouchDueAt: number;
  status: 'open' | 'overdue' | 'met' | 'breached' | 'closed';
  nextCheckAt: number | null;
  closedReason: string | null;
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
  status: 'pending' | 'sent';
  taskId: string | null;
  createdAt: number;
}

export interface SlaStore {
  /** Opens the contact's SLA unless one is already running; returns the running one. */
  openSlaItem(item: Omit<StoredSlaItem, 'id' | 'closedReason'>): Promise<StoredSlaItem>;
  activeSlaItem(portalId: number, contactId: string): Promise<StoredSlaItem | null>;
  saveSlaItem(item: StoredSlaItem, now: number): Promise<void>;
  /** Items whose next check is due, oldest first (the indexed scan the audit makes). */
  dueSlaItems(now: number, limit: number): Promise<StoredSlaItem[]>;
  listSlaItems(filter: { overdue?: boolean; ownerId?: string; limit: number }): Promise<StoredSlaItem[]>;
  /** Records a notification before it is sent; false if that key exists (already sent or being sent). */
  claimNotification(n: Omit<SlaNotificationRecord, 'id' | 'status' | 'taskId'>): Promise<boolean>;
  markNotificationSent(noticeKey: string, taskId: string | null, now: number): Promise<void>;
  /** Notifications recorded but not confirmed sent before `olderThan` (a crash mid-send). */
  pendingNotifications(olderThan: number, limit: number): Promise<SlaNotificationRecord[]>;
  /** A named lease: true if taken (free, expired, or already ours). */
  takeLease(name: string, holder: string, now: number, ttlMs: number): Promise<boolean>;
  releaseLease(name: string, holder: string): Promise<void>;
  /** Next owner after the last one given in this portal, from `ownerIds` in order. */
  nextRoundRobinOwner(portalId: number, ownerIds: readonly string[]): Promise<string | null>;
}
