import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { slaSchema } from '../../../src/config/sla-schema';
import type { Decision } from '../../../src/domain/decide';
import { evaluateSla } from '../../../src/domain/sla-policy';
import type { Notifier, OwnerNotice } from '../../../src/notify/notifier-port';
import { createSlaAudit } from '../../../src/sla/run-sla-audit';
import { termsOf } from '../../../src/sla/sla-terms';
import { createSlaTracker } from '../../../src/sla/track-sla';
import { seededRandom } from '../../../src/sandbox/seed-portal';
import { createStore } from '../../../src/store/create-store';
import type { Store } from '../../../src/store/store-port';
import { memoryLogger } from '../../helpers/memory-logger';

const sla = slaSchema.parse(JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../config/sla.json'), 'utf8')));
const terms = termsOf(sla);
const PORTAL = 777;
const MIN = 60_000;
const START = Date.parse('2026-11-01T00:00:00Z');
const END = Date.parse('2026-12-08T00:00:00Z');
const RESTART_AT = Date.parse('2026-11-16T12:02:00Z');

const mql = (contactId: string) => ({ contactId, stage: { from: 'lead', to: 'marketingqualifiedlead', changed: true, reason: '' } }) as unknown as Decision;
const same = (contactId: string, to = 'marketingqualifiedlead') => ({ contactId, stage: { from: to, to, changed: false, reason: '' } }) as unknown as Decision;

type Plan = { id: string; openAt: number; touches: number[]; reassignAt?: number; acceptAt?: number };

/**
 * A month of MQLs with fake timers: 150 leads opened at random moments, worked (or not) by sales, the audit run
 * every 5 minutes as the cron would. Owners hear of each breach exactly once, escalations come when due, leads
 * touched in time are left alone, and a restart and a failing channel in the middle lose nothing.
 */
describe('a simulated month of SLA audits', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-sla-month-'));
    jest.useFakeTimers({ now: START, doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
  });
  afterAll(() => jest.useRealTimers());

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

    const sent: Array<OwnerNotice & { at: number }> = [];
    let failNext = 3; // the channel fails for a while, as Slack or HubSpot sometimes do
    const notifier: Notifier = {
      name: 'hubspot-task',
      async send(n) {
        if (failNext > 0 && n.kind === 'first-touch-breach' && Date.now() > Date.parse('2026-11-10T00:00:00Z')) {
          failNext -= 1;
          throw new Error('channel down');
        }
        if (sent.some((s) => s.key === n.key)) return `task-${n.key}`; // found again, as the task channel does
        sent.push({ ...n, at: Date.now() });
        return `task-${sent.length}`;
      },
    };
    const { logger } = memoryLogger([]);
    let store: Store = await createStore(`sqlite:${path.join(dir, 'l.sqlite')}`);
    let tracker = createSlaTracker({ store, sla, logger, now: Date.now });
    let audits = [createSlaAudit({ store, sla, notifiers: [notifier], logger, holder: 'a' }), createSlaAudit({ store, sla, notifiers: [notifier], logger, holder: 'b' })];
    const escalationDue = new Map<string, number>();
    let restarted = false;

    for (let t = START; t <= END; t += 5 * MIN) {
      jest.setSystemTime(t);
      for (const p of plans) {
        if (p.openAt > t - 5 * MIN && p.openAt <= t) await tracker.observe(PORTAL, p.id, { decision: mql(p.id), changes: [], crm: { hubspot_owner_id: '70110001' }, leadStatus: null });
        for (const touch of p.touches) {
          if (touch > t - 5 * MIN && touch <= t) await tracker.observe(PORTAL, p.id, { decision: same(p.id), changes: [{ name: 'notes_last_contacted', value: String(touch), at: touch }, { name: 'num_contacted_notes', value: '1', at: touch + 5_000 }], crm: null, leadStatus: null });
        }
        if (p.reassignAt && p.reassignAt > t - 5 * MIN && p.reassignAt <= t) await tracker.observe(PORTAL, p.id, { decision: same(p.id), changes: [{ name: 'hubspot_owner_id', value: '70110002', at: p.reassignAt }], crm: null, leadStatus: null });
        if (p.acceptAt && p.acceptAt > t - 5 * MIN && p.acceptAt <= t) await tracker.observe(PORTAL, p.id, { decision: { ...same(p.id), stage: { from: 'marketingqualifiedlead', to: 'salesqualifiedlead', changed: true, reason: '' } } as unknown as Decision, changes: [], crm: null, leadStatus: 'CONNECTED' });
      }
      // Two instances audit at the same moment: the lease lets one through.
      const results = await Promise.all(audits.map((a) => a.run(t)));
      expect(results.filter((r) => !r.skipped).length).toBeGreaterThanOrEqual(1);

      if (!restarted && t >= RESTART_AT) {
        // A restart: the store is closed and opened again, new tracker and audits.
        await store.close();
        store = await createStore(`sqlite:${path.join(dir, 'l.sqlite')}`);
        tracker = createSlaTracker({ store, sla, logger, now: Date.now });
        audits = [createSlaAudit({ store, sla, notifiers: [notifier], logger, holder: 'c' }), createSlaAudit({ store, sla, notifiers: [notifier], logger, holder: 'd' })];
        restarted = true;
      }
    }

    for (const p of plans) {
      const mine = sent.filter((s) => s.contactId === p.id);
      const count = (kind: string) => mine.filter((s) => s.kind === kind).length;
      const clockStart = p.reassignAt ?? p.openAt;
      const ev = evaluateSla(terms, { openedAt: p.openAt, ownerId: null, clockStartAt: clockStart, firstTouchAt: null, touches: [], noticesGiven: [] }, p.openAt);
      const firstTouch = p.acceptAt ?? p.touches[0];
      const touchedInTime = firstTouch !== undefined && firstTouch <= ev.firstTouchDueAt;
      // The breach: exactly once for a lead not touched in time, never for one that was.
      expect([p.id, count('first-touch-breach')]).toEqual([p.id, touchedInTime ? 0 : 1]);
      if (touchedInTime) expect(mine.filter((s) => s.kind !== 'attempts-breach' && !s.kind.startsWith('reminder'))).toEqual([]);
      // No notice of any kind is ever sent twice.
      expect(new Set(mine.map((s) => s.key)).size).toBe(mine.length);
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
      const due = evaluateSla({ ...terms, firstTouch: { ...terms.firstTouch, deadlineHours: terms.firstTouch.deadlineHours + sla.escalation!.afterHours } }, { openedAt: p.openAt, ownerId: null, clockStartAt: start, firstTouchAt: null, touches: [], noticesGiven: [] }, start).firstTouchDueAt;
      const at = escalationDue.get(p.id)!;
      expect(at).toBeGreaterThanOrEqual(due);
      expect(at - due).toBeLessThanOrEqual(15 * MIN);
    }
    expect(failNext).toBe(0);
    expect(sent.filter((s) => s.kind === 'first-touch-breach').length).toBeGreaterThan(20);
    await store.close();
  }, 120_000);
});
