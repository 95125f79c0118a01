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
  /** sent, would send (dry run), already sent (another run had it), or failed (retried next run). */
  outcome: 'sent' | 'would send' | 'already sent' | 'failed';
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

/**
 * One audit: the items due (an indexed read of the store, never the CRM), their notices sent once each, their
 * status moved on. Exactly once: a store lease keeps runs apart, each notice's key is recorded before it is
 * sent, and a notice recorded but never confirmed (a crash) is finished by the next run, which looks for the
 * task it may have created before making one.
 */
export function createSlaAudit(o: { store: Store; sla: SlaConfig; notifiers: Notifier[]; crm?: CrmPort; logger: Logger; holder?: string; metrics?: SlaMetrics }) {
  const terms = termsOf(o.sla);
  const holder = o.holder ?? `audit-${randomUUID()}`;

  async function contextOf(item: StoredSlaItem) {
    const decisions = await o.store.listDecisions(item.portalId, item.contactId);
    const explanation = decisions.at(-1)?.explanation ?? null;
    const loaded = await o.store.loadContact(item.portalId, item.contactId);
    const recent = (loaded?.activities ?? []).slice(-5).reverse().map((a) => `${new Date(a.at).toISOString().slice(0, 10)} ${a.kind.replace(/_/g, ' ')}${'formName' in a && a.formName ? `: ${a.formName}` : ''}`);
    return { explanation, recent };
  }

  async function deliver(n: OwnerNotice, now: number): Promise<string | null> {
    let taskId: string | null = null;
    const failures: unknown[] = [];
    for (const channel of o.notifiers) {
      try {
        const id = await channel.send(n, now);
        o.metrics?.notice(channel.name, 'sent');
        if (channel.name === 'hubspot-task') taskId = id;
      } catch (error) {
        o.metrics?.notice(channel.name, 'failed');
        failures.push(error);
        o.logger.warn('SLA notification channel failed', { channel: channel.name, portalId: n.portalId, contactId: n.contactId, kind: n.kind, error });
      }
    }
    // Every channel failed: keep it pending for the next run. One failed channel of several is logged, not retried.
    if (o.notifiers.length > 0 && failures.length === o.notifiers.length) throw new AggregateError(failures, 'every notification channel failed');
    return taskId;
  }

  async function notify(item: StoredSlaItem, notice: SlaNotice, now: number, dryRun: boolean): Promise<AuditLine['outcome']> {
    const to = notice.to === 'manager' ? (o.sla.escalation?.managerOwnerId ?? item.ownerId) : item.ownerId;
    const key = `sla:${item.portalId}:${item.contactId}:${item.id}:${item.clockStartAt}:${notice.kind}`;
    if (dryRun) return 'would send';
    const text = noticeText(o.sla, item, notice, await contextOf(item));
    const n: OwnerNotice = { key, portalId: item.portalId, contactId: item.contactId, ownerId: to, kind: notice.kind, priority: notice.kind.startsWith('reminder') ? 'MEDIUM' : 'HIGH', ...text };
    if (!(await o.store.claimNotification({ noticeKey: key, itemId: item.id, portalId: item.portalId, contactId: item.contactId, kind: notice.kind, ownerId: to, payload: JSON.stringify(n), createdAt: now }))) return 'already sent';
    try {
      await o.store.markNotificationSent(key, await deliver(n, now), now);
      return 'sent';
    } catch {
      return 'failed';
    }
  }

  return {
    async run(now: number, { dryRun = false }: { dryRun?: boolean } = {}): Promise<AuditResult> {
      if (!dryRun && !(await o.store.takeLease(LEASE, holder, now, LEASE_MS))) return { skipped: true, lines: [], itemsChecked: 0 };
      const lines: AuditLine[] = [];
      const statusUpdates = new Map<number, ContactUpdate[]>();
      let checked = 0;
      try {
        if (!dryRun) {
          // Recorded before a crash, never confirmed: finish them (the task channel finds a task it already made).
          for (const p of await o.store.pendingNotifications(now - 60_000, 500)) {
            try {
              await o.store.markNotificationSent(p.noticeKey, await deliver(JSON.parse(p.payload) as OwnerNotice, now), now);
              lines.push({ portalId: p.portalId, contactId: p.contactId, ownerId: p.ownerId, notice: p.kind, dueAt: p.createdAt, outcome: 'sent' });
            } catch {
              lines.push({ portalId: p.portalId, contactId: p.contactId, ownerId: p.ownerId, notice: p.kind, dueAt: p.createdAt, outcome: 'failed' });
            }
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
            await o.store.saveSlaItem(next, now);
            if (next.status !== item.status) {
              o.metrics?.transition(next.status);
              const list = statusUpdates.get(item.portalId) ?? [];
              list.push({ id: item.contactId, properties: { [SLA_PROPERTIES.status]: next.status } });
              statusUpdates.set(item.portalId, list);
            }
          }
          if (dryRun) break;
        }
        if (o.crm) {
          for (const [portalId, updates] of statusUpdates) {
            for (let i = 0; i < updates.length; i += 100) {
              const chunk = updates.slice(i, i + 100);
              await o.crm.updateContacts(portalId, chunk).then(
                (failed) => {
                  // Only what HubSpot applied counts as written (a 207 names the contacts it refused).
                  o.metrics?.statusesWritten(chunk.length - failed.size);
                  for (const [contactId, error] of failed) o.logger.warn('could not write an SLA status to HubSpot', { portalId, contactId, error });
                },
                (error: unknown) => o.logger.warn('could not write SLA statuses to HubSpot', { portalId, error }),
              );
            }
          }
        }
      } finally {
        if (!dryRun) await o.store.releaseLease(LEASE, holder);
      }
      if (lines.length > 0) o.logger.info('SLA audit', { checked, notices: lines.length, dryRun });
      return { skipped: false, lines, itemsChecked: checked };
    },
  };
}
export type SlaAudit = ReturnType<typeof createSlaAudit>;
