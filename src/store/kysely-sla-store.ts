import { sql, type Kysely, type Selectable } from 'kysely';
import { lockContact } from './lock-contact';
import { precompiled } from './precompiled-query';
import type { Database, SlaItemTable, SlaNotificationTable } from './schema';
import type { SlaNotificationRecord, SlaStore, StoredSlaItem } from './sla-store-port';

const ACTIVE = ['open', 'overdue'] as const;

const itemOf = (r: Selectable<SlaItemTable>): StoredSlaItem => ({
  id: Number(r.id),
  portalId: Number(r.portal_id),
  contactId: r.contact_id,
  openedAt: Number(r.opened_at),
  ownerId: r.owner_id,
  clockStartAt: Number(r.clock_start_at),
  firstTouchDueAt: Number(r.first_touch_due_at),
  firstTouchAt: r.first_touch_at === null ? null : Number(r.first_touch_at),
  touches: JSON.parse(r.touches) as number[],
  noticesGiven: JSON.parse(r.notices_given) as string[],
  status: r.status,
  nextCheckAt: r.next_check_at === null ? null : Number(r.next_check_at),
  closedReason: r.closed_reason,
  statusPending: Number(r.status_pending) === 1,
});

const rowOf = (i: Omit<StoredSlaItem, 'id'>, now: number) => ({
  portal_id: i.portalId,
  contact_id: i.contactId,
  opened_at: i.openedAt,
  owner_id: i.ownerId,
  clock_start_at: i.clockStartAt,
  first_touch_due_at: i.firstTouchDueAt,
  first_touch_at: i.firstTouchAt,
  touches: JSON.stringify(i.touches),
  notices_given: JSON.stringify(i.noticesGiven),
  status: i.status,
  next_check_at: i.nextCheckAt,
  closed_reason: i.closedReason,
  updated_at: now,
  ...(i.statusPending === undefined ? {} : { status_pending: i.statusPending ? 1 : 0 }),
});

const notificationOf = (r: Selectable<SlaNotificationTable>): SlaNotificationRecord => ({
  id: Number(r.id),
  noticeKey: r.notice_key,
  itemId: Number(r.item_id),
  portalId: Number(r.portal_id),
  contactId: r.contact_id,
  kind: r.kind,
  ownerId: r.owner_id,
  payload: r.payload,
  status: r.status,
  taskId: r.task_id,
  createdAt: Number(r.created_at),
  sentChannels: JSON.parse(r.sent_channels) as string[],
  failedChannels: JSON.parse(r.failed_channels) as string[],
  attempts: Number(r.attempts),
  nextAttemptAt: r.next_attempt_at === null ? null : Number(r.next_attempt_at),
  lastError: r.last_error,
});

/** A crash mid-send leaves a row pending: retried once it is this old. */
const UNCONFIRMED_MS = 60_000;

const selectActive = precompiled((db: Kysely<Database>, portalId: number, contactId: string) =>
  db.selectFrom('sla_items').selectAll().where('portal_id', '=', portalId).where('contact_id', '=', contactId).where('status', 'in', [...ACTIVE]).orderBy('opened_at', 'desc').limit(1),
);
const SLA_COLUMNS = ['portal_id', 'contact_id', 'opened_at', 'owner_id', 'clock_start_at', 'first_touch_due_at', 'first_touch_at', 'touches', 'notices_given', 'status', 'next_check_at', 'closed_reason', 'updated_at', 'status_pending'] as const;
// Opened unless one is running, in one statement (the usual case: nothing running) where a read and an insert were,
// each a round trip on PostgreSQL. PostgreSQL types the selected parameters from the insert's columns. Values in
// SLA_COLUMNS order.
const insertUnlessRunning = precompiled((db: Kysely<Database>, ...values: unknown[]) => {
  const [portalId, contactId] = values as [number, string];
  return db
    .insertInto('sla_items')
    .columns([...SLA_COLUMNS])
    .expression(
      db
        .selectNoFrom((eb) => SLA_COLUMNS.map((c, i) => eb.val(values[i]).as(c)))
        .where((eb) => eb.not(eb.exists(eb.selectFrom('sla_items').select('id').where('portal_id', '=', portalId).where('contact_id', '=', contactId).where('status', 'in', [...ACTIVE])))),
    )
    .onConflict((oc) => oc.columns(['portal_id', 'contact_id', 'opened_at']).doNothing())
    .returningAll();
});

export function createKyselySlaStore(db: Kysely<Database>): SlaStore {
  const active = async (portalId: number, contactId: string) => (await selectActive(db, portalId, contactId)).rows[0];
  return {
    async openSlaItem(item) {
      return db.transaction().execute(async (tx) => {
        // Two writers opening at once (each with its own time) would each see none running and both open one.
        await lockContact(tx, item.portalId, item.contactId);
        const values = rowOf({ ...item, closedReason: null, statusPending: item.statusPending ?? false }, item.openedAt);
        const [row] = (await insertUnlessRunning(tx, ...SLA_COLUMNS.map((c) => values[c]))).rows;
        if (row) return itemOf(row);
        const [running] = (await selectActive(tx, item.portalId, item.contactId)).rows;
        if (running) return itemOf(running);
        return itemOf(await tx.selectFrom('sla_items').selectAll().where('portal_id', '=', item.portalId).where('contact_id', '=', item.contactId).where('opened_at', '=', item.openedAt).executeTakeFirstOrThrow());
      });
    },
    async activeSlaItem(portalId, contactId) {
      const r = await active(portalId, contactId);
      return r ? itemOf(r) : null;
    },
    async saveSlaItem(item, now, read) {
      let q = db.updateTable('sla_items').set(rowOf(item, now)).where('id', '=', item.id);
      // Two writers read, change and save an item whole: the audit (it notifies between its read and its save) and
      // the tracker (a touch, an acceptance), on any instance. Saved only if the row still holds what this save was
      // based on, so neither undoes the other (the audit writing back an item without the touch just logged).
      // The condition is the lock: on PostgreSQL a second save waits for the first's row, then checks it as committed.
      if (read) {
        const was = rowOf(read, 0);
        q = q.where((eb) => {
          const sameOrNull = (c: 'owner_id' | 'closed_reason', v: string | null) => (v === null ? eb(c, 'is', null) : eb(c, '=', v));
          const sameTimeOrNull = (c: 'first_touch_at' | 'next_check_at', v: number | null) => (v === null ? eb(c, 'is', null) : eb(c, '=', v));
          return eb.and([
            sameOrNull('owner_id', was.owner_id),
            eb('clock_start_at', '=', was.clock_start_at),
            eb('first_touch_due_at', '=', was.first_touch_due_at),
            sameTimeOrNull('first_touch_at', was.first_touch_at),
            eb('touches', '=', was.touches),
            eb('notices_given', '=', was.notices_given),
            eb('status', '=', was.status),
            sameTimeOrNull('next_check_at', was.next_check_at),
            sameOrNull('closed_reason', was.closed_reason),
            eb('status_pending', '=', read.statusPending ? 1 : 0),
          ]);
        });
      }
      const r = await q.executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async dueSlaItems(now, limit) {
      const rows = await db.selectFrom('sla_items').selectAll().where('next_check_at', 'is not', null).where('next_check_at', '<=', now).orderBy('next_check_at').limit(limit).execute();
      return rows.map(itemOf);
    },
    async listSlaItems({ overdue, ownerId, limit }) {
      let q = db.selectFrom('sla_items').selectAll();
      // Overdue: past the first-touch deadline and still untouched (the report's "overdue now" too).
      q = overdue ? q.where('status', 'in', ['overdue', 'breached']).where('first_touch_at', 'is', null).where('closed_reason', 'is', null) : q.where('status', 'in', [...ACTIVE]);
      if (ownerId) q = q.where('owner_id', '=', ownerId);
      return (await q.orderBy('first_touch_due_at').limit(limit).execute()).map(itemOf);
    },
    async claimNotification(n) {
      const r = await db
        .insertInto('sla_notifications')
        .values({ notice_key: n.noticeKey, item_id: n.itemId, portal_id: n.portalId, contact_id: n.contactId, kind: n.kind, owner_id: n.ownerId, payload: n.payload, status: 'pending', task_id: null, created_at: n.createdAt, sent_at: null })
        .onConflict((oc) => oc.column('notice_key').doNothing())
        .returning('id')
        .executeTakeFirst();
      return r !== undefined;
    },
    async markNotificationSent(noticeKey, taskId, now, sentChannels) {
      const channels = sentChannels === undefined ? {} : { sent_channels: JSON.stringify(sentChannels), failed_channels: '[]' };
      await db.updateTable('sla_notifications').set({ status: 'sent', task_id: taskId, sent_at: now, next_attempt_at: null, ...channels }).where('notice_key', '=', noticeKey).execute();
    },
    async recordNotificationFailure(noticeKey, f, now) {
      await db
        .updateTable('sla_notifications')
        .set({
          status: f.nextAttemptAt === null ? 'dead' : 'pending',
          attempts: sql<number>`attempts + 1`,
          sent_channels: JSON.stringify(f.sentChannels),
          failed_channels: JSON.stringify(f.failedChannels),
          task_id: f.taskId,
          next_attempt_at: f.nextAttemptAt,
          last_error: f.error.slice(0, 500),
          sent_at: f.sentChannels.length > 0 ? now : null,
        })
        .where('notice_key', '=', noticeKey)
        .execute();
    },
    async pendingNotifications(now, limit) {
      const rows = await db
        .selectFrom('sla_notifications')
        .selectAll()
        .where('status', '=', 'pending')
        .where((eb) => eb.or([eb('next_attempt_at', '<=', now), eb.and([eb('next_attempt_at', 'is', null), eb('created_at', '<', now - UNCONFIRMED_MS)])]))
        .orderBy('created_at')
        .limit(limit)
        .execute();
      return rows.map(notificationOf);
    },
    async failedNotifications(limit) {
      const rows = await db
        .selectFrom('sla_notifications')
        .selectAll()
        .where((eb) => eb.or([eb('status', '=', 'dead'), eb.and([eb('status', '=', 'pending'), eb('attempts', '>', 0)])]))
        .orderBy('created_at')
        .limit(limit)
        .execute();
      return rows.map(notificationOf);
    },
    async setSlaStatusPending(itemId, pending, dueBy) {
      const due = pending ? { next_check_at: sql<number>`case when next_check_at is null or next_check_at > ${dueBy} then ${dueBy} else next_check_at end` } : {};
      await db.updateTable('sla_items').set({ status_pending: pending ? 1 : 0, ...due }).where('id', '=', itemId).execute();
    },
    async takeLease(name, holder, now, ttlMs) {
      // One statement, so two instances asking at once cannot both win (a read-then-write did, on PostgreSQL): the
      // upsert takes a free name, or renews the row only if it is ours or expired; no row back means someone holds it.
      const taken = await db
        .insertInto('job_leases')
        .values({ name, holder, expires_at: now + ttlMs })
        .onConflict((oc) =>
          oc
            .column('name')
            .doUpdateSet({ holder, expires_at: now + ttlMs })
            .where((eb) => eb.or([eb('job_leases.holder', '=', holder), eb('job_leases.expires_at', '<=', now)])),
        )
        .returning('holder')
        .executeTakeFirst();
      return taken !== undefined;
    },
    async claimJobRun(name, moment, holder, now) {
      const claimed = await db
        .insertInto('job_runs')
        .values({ name, moment, holder, claimed_at: now })
        .onConflict((oc) => oc.columns(['name', 'moment']).doNothing())
        .returning('holder')
        .executeTakeFirst();
      // A week of moments is plenty to tell a late instance it is late; older rows go.
      if (claimed) await db.deleteFrom('job_runs').where('name', '=', name).where('moment', '<', moment - 7 * 86_400_000).execute();
      return claimed !== undefined;
    },
    async releaseLease(name, holder) {
      await db.deleteFrom('job_leases').where('name', '=', name).where('holder', '=', holder).execute();
    },
    async nextRoundRobinOwner(portalId, ownerIds) {
      if (ownerIds.length === 0) return null;
      // One statement, so that instances routing at once take turns: a read of the last owner then a write of the
      // next (as here before) let two of them read the same owner on PostgreSQL and both give their lead to the
      // next one (test/pg/round-robin-across-instances.test.ts). The upsert's update holds the row's lock and
      // computes the successor from the row as it is then, after any routing committed before; the first lead of
      // a portal inserts the first owner. An owner no longer in the list (or none yet) is followed by the first.
      const row = await db
        .insertInto('routing_state')
        .values({ portal_id: portalId, last_owner_id: ownerIds[0]! })
        .onConflict((oc) =>
          oc.column('portal_id').doUpdateSet((eb) => {
            const after = (i: number) => ownerIds[(i + 1) % ownerIds.length]!;
            const first = eb.case(eb.ref('routing_state.last_owner_id')).when(ownerIds[0]!).then(after(0));
            const next = ownerIds.slice(1).reduce((c, id, i) => c.when(id).then(after(i + 1)), first);
            return { last_owner_id: next.else(ownerIds[0]!).end() };
          }),
        )
        .returning('last_owner_id')
        .executeTakeFirstOrThrow();
      return row.last_owner_id;
    },
  };
}
