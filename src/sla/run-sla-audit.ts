import { randomUUID } from 'node:crypto';
import type { SlaConfig } from '../config/sla-schema';
import type { ContactUpdate, CrmPort } from '../crm/crm-port';
import { evaluateSla, type SlaNotice } from '../domain/sla-policy';
import type { Logger } from '../log/create-logger';
import type { Notifier, OwnerNotice } from '../notify/notifier-port';
import type { StoredSlaItem } from '../store/sla-store-port';
import type { Store } from '../store/store-port';
import { noticeText } from './notice-text';
import type { SlaMetrics } from './sla-metrics';
import { SLA_PROPERTIES, termsOf } from './sla-terms';

export interface AuditLine {
  portalId: number;
  contactId: string;
  ownerId: string | null;
  notice: string;
  dueAt: number;
  /** sent, would send (dry run), already sent (another run had it), failed (retried with backoff), or dead letter (given up). */
  outcome: 'sent' | 'would send' | 'already sent' | 'failed' | 'dead letter';
}

export interface AuditResult {
  /** Another run holds the lease (another instance, or an overlapping run): this one did nothing. */
  skipped: boolean;
  lines: AuditLine[];
  itemsChecked: number;
}

const LEASE = 'sla-audit';
const LEASE_MS = 5 * 60_000;
const PAGE = 1000;
/** A failed status write is tried again by the audit after this (the item is kept due until then). */
const STATUS_RETRY_MS = 60_000;

/**
 * One audit: the items due (an indexed read of the store, never the CRM), their notices sent once each, their
 * status moved on. Exactly once: a store lease keeps runs apart, each notice's key is recorded before it is
 * sent, and a notice recorded but never confirmed (a crash) is finished by the next run, which looks for the
 * task it may have created before making one.
 */
export function createSlaAudit(o: {
  store: Store;
  sla: SlaConfig;
  notifiers: Notifier[];
  crm?: CrmPort;
  logger: Logger;
  holder?: string;
  metrics?: SlaMetrics;
  /** A notice some channel failed is tried again after backoffMs, 2×, 4×…; after maxAttempts it is a dead letter. */
  retry?: { maxAttempts?: number; backoffMs?: number };
}) {
  const terms = termsOf(o.sla);
  const maxAttempts = o.retry?.maxAttempts ?? 6;
  const backoffMs = o.retry?.backoffMs ?? 60_000;
  const holder = o.holder ?? `audit-${randomUUID()}`;

  async function contextOf(item: StoredSlaItem) {
    const decisions = await o.store.listDecisions(item.portalId, item.contactId);
    const explanation = decisions.at(-1)?.explanation ?? null;
    const loaded = await o.store.loadContact(item.portalId, item.contactId);
    const recent = (loaded?.activities ?? []).slice(-5).reverse().map((a) => `${new Date(a.at).toISOString().slice(0, 10)} ${a.kind.replace(/_/g, ' ')}${'formName' in a && a.formName ? `: ${a.formName}` : ''}`);
    return { explanation, recent };
  }

  /**
   * One attempt: every channel that has not taken the notice yet. A channel that took it is never asked again,
   * whatever the others do; a failed one is retried with backoff until it takes it or the notice is a dead letter.
   */
  async function attempt(n: OwnerNotice, now: number, before: { sentChannels: string[]; taskId: string | null; attempts: number }): Promise<'sent' | 'failed' | 'dead'> {
    let taskId = before.taskId;
    const sent = [...before.sentChannels];
    const failures: Array<{ channel: string; error: unknown }> = [];
    for (const channel of o.notifiers) {
      if (sent.includes(channel.name)) continue;
      try {
        const id = await channel.send(n, now);
        o.metrics?.notice(channel.name, 'sent');
        sent.push(channel.name);
        if (channel.name === 'hubspot-task') taskId = id;
      } catch (error) {
        o.metrics?.notice(channel.name, 'failed');
        failures.push({ channel: channel.name, error });
        o.logger.warn('SLA notification channel failed', { channel: channel.name, portalId: n.portalId, contactId: n.contactId, kind: n.kind, attempt: before.attempts + 1, error });
      }
    }
    if (failures.length === 0) {
      await o.store.markNotificationSent(n.key, taskId, now, sent);
      return 'sent';
    }
    const attempts = before.attempts + 1;
    const dead = attempts >= maxAttempts;
    const failedChannels = failures.map((f) => f.channel);
    const error = failures.map((f) => `${f.channel}: ${f.error instanceof Error ? f.error.message : String(f.error)}`).join('; ');
    await o.store.recordNotificationFailure(n.key, { sentChannels: sent, failedChannels, taskId, error, nextAttemptAt: dead ? null : now + backoffMs * 2 ** (attempts - 1) }, now);
    if (dead) {
      for (const channel of failedChannels) o.metrics?.deadLetter(channel);
      o.logger.error('SLA notice given up: a dead letter (leadloop sla list --failed)', { portalId: n.portalId, contactId: n.contactId, kind: n.kind, channels: failedChannels, attempts, error });
    }
    return dead ? 'dead' : 'failed';
  }

  async function notify(item: StoredSlaItem, notice: SlaNotice, now: number, dryRun: boolean): Promise<AuditLine['outcome']> {
    const to = notice.to === 'manager' ? (o.sla.escalation?.managerOwnerId ?? item.ownerId) : item.ownerId;
    const key = `sla:${item.portalId}:${item.contactId}:${item.id}:${item.clockStartAt}:${notice.kind}`;
    if (dryRun) return 'would send';
    const text = noticeText(o.sla, item, notice, await contextOf(item));
    const n: OwnerNotice = { key, portalId: item.portalId, contactId: item.contactId, ownerId: to, kind: notice.kind, priority: notice.kind.startsWith('reminder') ? 'MEDIUM' : 'HIGH', ...text };
    if (!(await o.store.claimNotification({ noticeKey: key, itemId: item.id, portalId: item.portalId, contactId: item.contactId, kind: notice.kind, ownerId: to, payload: JSON.stringify(n), createdAt: now }))) return 'already sent';
    const outcome = await attempt(n, now, { sentChannels: [], taskId: null, attempts: 0 });
    return outcome === 'dead' ? 'failed' : outcome;
  }

  /** Writes SLA statuses to HubSpot; one it does not take stays pending on its item, due again soon. */
  async function writeStatuses(crm: CrmPort, portalId: number, updates: Array<{ itemId: number; update: ContactUpdate }>, now: number) {
    for (let i = 0; i < updates.length; i += 100) {
      const chunk = updates.slice(i, i + 100);
      let failed: ReadonlyMap<string, unknown>;
      try {
        // Only what HubSpot applied counts as written (a 207 names the contacts it refused).
        failed = await crm.updateContacts(portalId, chunk.map((u) => u.update));
      } catch (error) {
        failed = new Map(chunk.map((u) => [u.update.id, error]));
      }
      o.metrics?.statusesWritten(chunk.length - failed.size);
      for (const u of chunk) {
        const error = failed.get(u.update.id);
        if (error !== undefined) o.logger.warn('could not write an SLA status to HubSpot; the next audit writes it again', { portalId, contactId: u.update.id, error });
        await o.store.setSlaStatusPending(u.itemId, error !== undefined, now + STATUS_RETRY_MS);
      }
    }
  }

  return {
    async run(now: number, { dryRun = false }: { dryRun?: boolean } = {}): Promise<AuditResult> {
      if (!dryRun && !(await o.store.takeLease(LEASE, holder, now, LEASE_MS))) return { skipped: true, lines: [], itemsChecked: 0 };
      const lines: AuditLine[] = [];
      const statusUpdates = new Map<number, Array<{ itemId: number; update: ContactUpdate }>>();
      let checked = 0;
      try {
        if (!dryRun) {
          // Retries whose backoff is over, and notices recorded before a crash and never confirmed (the task
          // channel finds a task it already made). Only the channels that have not taken a notice are asked.
          for (const p of await o.store.pendingNotifications(now, 500)) {
            const outcome = await attempt(JSON.parse(p.payload) as OwnerNotice, now, p);
            lines.push({ portalId: p.portalId, contactId: p.contactId, ownerId: p.ownerId, notice: p.kind, dueAt: p.createdAt, outcome: outcome === 'dead' ? 'dead letter' : outcome });
          }
        }
        const seen = new Set<number>();
        for (;;) {
          const due = (await o.store.dueSlaItems(now, dryRun ? 1_000_000 : PAGE)).filter((i) => !seen.has(i.id));
          if (due.length === 0) break;
          for (const item of due) {
            seen.add(item.id);
            checked += 1;
            const ev = evaluateSla(terms, item, now);
            const given = [...item.noticesGiven];
            for (const notice of ev.notices) {
              const outcome = await notify(item, notice, now, dryRun);
              lines.push({ portalId: item.portalId, contactId: item.contactId, ownerId: notice.to === 'manager' ? (o.sla.escalation?.managerOwnerId ?? null) : item.ownerId, notice: notice.kind, dueAt: notice.at, outcome });
              if (outcome !== 'failed') given.push(notice.kind);
            }
            if (dryRun) continue;
            const failed = ev.notices.length > given.length - item.noticesGiven.length;
            const after = evaluateSla(terms, { ...item, noticesGiven: given }, now);
            // A failed notice keeps the item due, so the next run tries again.
            const next: StoredSlaItem = { ...item, noticesGiven: given, status: after.status, nextCheckAt: failed ? now + 60_000 : after.nextCheckAt };
            // A touch or an acceptance the tracker saved while we notified wins: the next run sees the item as it is.
            if (!(await o.store.saveSlaItem(next, now, item))) continue;
            if (next.status !== item.status) o.metrics?.transition(next.status);
            // A status HubSpot did not take last time is written again (statusPending), until it takes it.
            if (next.status !== item.status || item.statusPending) {
              const list = statusUpdates.get(item.portalId) ?? [];
              list.push({ itemId: item.id, update: { id: item.contactId, properties: { [SLA_PROPERTIES.status]: next.status } } });
              statusUpdates.set(item.portalId, list);
            }
          }
          if (dryRun) break;
        }
        if (o.crm) for (const [portalId, updates] of statusUpdates) await writeStatuses(o.crm, portalId, updates, now);
      } finally {
        if (!dryRun) await o.store.releaseLease(LEASE, holder);
      }
      if (lines.length > 0) o.logger.info('SLA audit', { checked, notices: lines.length, dryRun });
      return { skipped: false, lines, itemsChecked: checked };
    },
  };
}
export type SlaAudit = ReturnType<typeof createSlaAudit>;
