import { runOncePerMoment } from '../../../src/jobs/run-once-per-moment';
import { testDatabaseUrl } from '../../helpers/test-database';
import { createStore } from '../../../src/store/create-store';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { slaSchema } from '../../../src/config/sla-schema';
import type { Decision } from '../../../src/domain/decide';
import type { Notifier, OwnerNotice } from '../../../src/notify/notifier-port';
import { createSlaAudit } from '../../../src/sla/run-sla-audit';
import { createSlaTracker } from '../../../src/sla/track-sla';
import { seededRandom } from '../../../src/sandbox/seed-portal';
import type { Store } from '../../../src/store/store-port';
import { memoryLogger } from '../../helpers/memory-logger';
import { addWorkingHoursModel, testNow } from '../../helpers/test-clock';

const sla = slaSchema.parse(JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../config/sla.json'), 'utf8')));
const PORTAL = 777;
const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const PERIOD = 5 * MIN;
// The month starts "today" (LEADLOOP_TEST_NOW, or the fixed default), on the audit's 5-minute grid.
const TODAY = testNow();
const START = Math.floor(TODAY.instant / PERIOD) * PERIOD;
const END = START + 37 * DAY;
const TICKS = 37 * 288 + 1; // one audit moment every 5 minutes for 37 days, both ends included
const RESTART_AT = START + 15.5 * DAY + 2 * MIN;
const OUTAGE_FROM = START + 9 * DAY;
/** The independent model of the due times (test/helpers/test-clock.ts), never the code under test. */
const dueAfter = (start: number, hours: number) => addWorkingHoursModel(start, hours, sla.calendar);

const mql = (contactId: string) => ({ contactId, stage: { from: 'lead', to: 'marketingqualifiedlead', changed: true, reason: '' } }) as unknown as Decision;
const same = (contactId: string, to = 'marketingqualifiedlead') => ({ contactId, stage: { from: to, to, changed: false, reason: '' } }) as unknown as Decision;

type Plan = { id: string; openAt: number; touches: number[]; reassignAt?: number; acceptAt?: number };

/**
 * A month of MQLs on an injected clock: 150 leads opened at random moments, worked (or not) by sales, the audit run
 * every 5 minutes as the cron would. Owners hear of each breach exactly once, escalations come when due, leads
 * touched in time are left alone, and a restart and a failing channel in the middle lose nothing.
 */
describe(`a simulated month of SLA audits from ${new Date(START).toISOString()}${TODAY.isDefault ? ' (the default test date)' : ' (LEADLOOP_TEST_NOW)'}`, () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-sla-month-'));
  });

  it('notifies every overdue lead exactly once, escalates on time, spares the punctual, survives a restart', async () => {
    const rnd = seededRandom(2026);
    const plans: Plan[] = [];
    for (let i = 0; i < 150; i++) {
      const openAt = START + Math.floor(rnd() * 24 * 24 * 60) * MIN;
      const kind = rnd();
      const p: Plan = { id: String(5000 + i), openAt, touches: [] };
      if (kind < 0.35) p.touches = [openAt + (10 + Math.floor(rnd() * 300)) * MIN, openAt + 2 * 24 * 60 * MIN, openAt + 4 * 24 * 60 * MIN]; // punctual and thorough
      else if (kind < 0.5) p.touches = [openAt + (5 + Math.floor(rnd() * 3)) * 24 * 60 * MIN]; // late, once
      else if (kind < 0.6) p.reassignAt = openAt + 60 * MIN; // handed to someone else before any touch
      else if (kind < 0.7) p.acceptAt = openAt + 3 * 60 * MIN; // accepted as SQL quickly
      plans.push(p); // the rest: never touched
    }

    // The channel records every send it is asked for, repeats included: a notice sent twice is seen twice.
    const sent: Array<OwnerNotice & { at: number }> = [];
    const failed: Array<OwnerNotice & { at: number }> = [];
    let failNext = 3; // the channel fails for a while, as Slack or HubSpot sometimes do
    const notifier: Notifier = {
      name: 'hubspot-task',
      async send(n, now) {
        if (failNext > 0 && n.kind === 'first-touch-breach' && now > OUTAGE_FROM) {
          failNext -= 1;
          failed.push({ ...n, at: now });
          throw new Error('channel down');
        }
        sent.push({ ...n, at: now });
        return `task-${sent.length}`;
      },
    };
    const { logger } = memoryLogger([]);
    const databaseUrl = testDatabaseUrl(dir);
    let store: Store = await createStore(databaseUrl);
    // The simulation's clock: the tracker reads it, the audits are run at it; nothing reads the wall clock.
    let clock = START;
    const now = () => clock;
    let tracker = createSlaTracker({ store, sla, logger, now });
    let audits = [createSlaAudit({ store, sla, notifiers: [notifier], logger, holder: 'a' }), createSlaAudit({ store, sla, notifiers: [notifier], logger, holder: 'b' })];
    const escalationDue = new Map<string, number>();
    let restarted = false;
    let ticks = 0;
    let ran = 0;

    for (let t = START; t <= END; t += 5 * MIN) {
      clock = t;
      for (const p of plans) {
        if (p.openAt > t - 5 * MIN && p.openAt <= t) await tracker.observe(PORTAL, p.id, { decision: mql(p.id), changes: [], crm: { hubspot_owner_id: '70110001' }, leadStatus: null });
        for (const touch of p.touches) {
          if (touch > t - 5 * MIN && touch <= t) await tracker.observe(PORTAL, p.id, { decision: same(p.id), changes: [{ name: 'notes_last_contacted', value: String(touch), at: touch }, { name: 'num_contacted_notes', value: '1', at: touch + 5_000 }], crm: null, leadStatus: null });
        }
        if (p.reassignAt && p.reassignAt > t - 5 * MIN && p.reassignAt <= t) await tracker.observe(PORTAL, p.id, { decision: same(p.id), changes: [{ name: 'hubspot_owner_id', value: '70110002', at: p.reassignAt }], crm: null, leadStatus: null });
        if (p.acceptAt && p.acceptAt > t - 5 * MIN && p.acceptAt <= t) await tracker.observe(PORTAL, p.id, { decision: { ...same(p.id), stage: { from: 'marketingqualifiedlead', to: 'salesqualifiedlead', changed: true, reason: '' } } as unknown as Decision, changes: [], crm: null, leadStatus: 'CONNECTED' });
      }
      // Two instances audit at the same moment, as the scheduler runs them: the moment's claim lets one through
      // (the lease alone would let the second run once the first is done: it did on PostgreSQL).
      const results = await Promise.all(audits.map((a, i) => runOncePerMoment((job, m) => store.claimJobRun(job, m, `instance-${i}`, t), 'sla-audit', t, () => a.run(t))));
      ticks += 1;
      ran += results.filter((r) => r.ran && !r.result.skipped).length;

      if (!restarted && t >= RESTART_AT) {
        // A restart: the store is closed and opened again, new tracker and audits.
        await store.close();
        store = await createStore(databaseUrl);
        tracker = createSlaTracker({ store, sla, logger, now });
        audits = [createSlaAudit({ store, sla, notifiers: [notifier], logger, holder: 'c' }), createSlaAudit({ store, sla, notifiers: [notifier], logger, holder: 'd' })];
        restarted = true;
      }
    }

    // Every 5-minute moment was audited, by exactly one of the two instances: the claim lets one through
    // (the other is skipped, never run after it), so the counts are exact.
    expect(ticks).toBe(TICKS);
    expect(ran).toBe(TICKS);

    // No notice of any kind is ever sent twice: the channel saw each key once.
    const perKey = new Map<string, number>();
    for (const s of sent) perKey.set(s.key, (perKey.get(s.key) ?? 0) + 1);
    expect([...perKey].filter(([, n]) => n > 1)).toEqual([]);

    let breaches = 0;
    for (const p of plans) {
      const mine = sent.filter((s) => s.contactId === p.id);
      const count = (kind: string) => mine.filter((s) => s.kind === kind).length;
      const clockStart = p.reassignAt ?? p.openAt;
      const due = dueAfter(clockStart, sla.firstTouch.deadlineHours);
      const firstTouch = p.acceptAt ?? p.touches[0];
      const touchedInTime = firstTouch !== undefined && firstTouch <= due;
      // The breach: exactly one send for a lead not touched in time, none for one that was.
      expect([p.id, count('first-touch-breach')]).toEqual([p.id, touchedInTime ? 0 : 1]);
      if (!touchedInTime) {
        breaches += 1;
        // Sent at the first audit at or after its moment (the channel's outage aside).
        const breach = mine.find((s) => s.kind === 'first-touch-breach')!;
        expect(breach.at).toBeGreaterThanOrEqual(due);
        if (!failed.some((f) => f.key === breach.key)) expect([p.id, breach.at - due < PERIOD]).toEqual([p.id, true]);
      }
      if (touchedInTime) expect(mine.filter((s) => s.kind !== 'attempts-breach' && !s.kind.startsWith('reminder'))).toEqual([]);
      // Every notice kind reached this lead at most once.
      expect([p.id, mine.length]).toEqual([p.id, new Set(mine.map((s) => s.kind)).size]);
      const escalation = mine.find((s) => s.kind === 'escalation');
      if (firstTouch === undefined) {
        expect(escalation).toBeDefined();
        expect(escalation!.ownerId).toBe(sla.escalation!.managerOwnerId);
        escalationDue.set(p.id, escalation!.at);
      }
      if (p.reassignAt && firstTouch === undefined) expect(mine.find((s) => s.kind === 'first-touch-breach')!.ownerId).toBe('70110002');
    }
    // Escalations came when due: within one audit period (or the channel's outage) of their moment.
    for (const p of plans.filter((x) => escalationDue.has(x.id))) {
      const start = p.reassignAt ?? p.openAt;
      const due = dueAfter(start, sla.firstTouch.deadlineHours + sla.escalation!.afterHours);
      const at = escalationDue.get(p.id)!;
      expect(at).toBeGreaterThanOrEqual(due);
      expect(at - due).toBeLessThanOrEqual(15 * MIN);
    }
    expect(failNext).toBe(0);
    // The failed sends were retried: each of those breaches reached its owner once, later.
    for (const f of failed) expect(sent.filter((s) => s.key === f.key)).toEqual([expect.objectContaining({ key: f.key })]);
    // One send per breach, and no more breach sends than breaches.
    expect(sent.filter((s) => s.kind === 'first-touch-breach')).toHaveLength(breaches);
    expect(breaches).toBeGreaterThan(20);
    await store.close();
  }, 120_000);
});
