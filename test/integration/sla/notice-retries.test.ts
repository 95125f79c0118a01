import { createTestStore } from '../../helpers/test-database';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { slaSchema } from '../../../src/config/sla-schema';
import type { ContactUpdate, CrmPort } from '../../../src/crm/crm-port';
import type { Decision } from '../../../src/domain/decide';
import type { Notifier, OwnerNotice } from '../../../src/notify/notifier-port';
import { createSlaAudit } from '../../../src/sla/run-sla-audit';
import type { SlaMetrics } from '../../../src/sla/sla-metrics';
import { createSlaTracker } from '../../../src/sla/track-sla';
import type { Store } from '../../../src/store/store-port';
import { memoryLogger } from '../../helpers/memory-logger';
import { testNow } from '../../helpers/test-clock';

const sla = slaSchema.parse(JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../config/sla.json'), 'utf8')));
const PORTAL = 778;
const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const START = Math.floor(testNow().instant / (5 * MIN)) * 5 * MIN;
const mql = (contactId: string) => ({ contactId, stage: { from: 'lead', to: 'marketingqualifiedlead', changed: true, reason: '' } }) as unknown as Decision;

type Call = { channel: string; key: string; at: number; ok: boolean };

/** A channel that records every call; `fails(key, nth)` says whether its nth call (1-based) for that key throws. */
function channel(name: string, calls: Call[], fails: (key: string, nth: number) => boolean): Notifier {
  return {
    name,
    async send(n: OwnerNotice, now: number) {
      const nth = calls.filter((c) => c.channel === name && c.key === n.key).length + 1;
      const ok = !fails(n.key, nth);
      calls.push({ channel: name, key: n.key, at: now, ok });
      if (!ok) throw new Error(`${name} is down`);
      return name === 'hubspot-task' ? `task-${nth}` : null;
    },
  };
}

const metricsSpy = () => {
  const dead: string[] = [];
  let written = 0;
  const m: SlaMetrics = { opened: () => {}, transition: () => {}, notice: () => {}, statusesWritten: (n) => (written += n), deadLetter: (c) => dead.push(c) };
  return { m, dead, written: () => written };
};

/**
 * Retries on an injected clock: one lead never touched, audited every 5 minutes for two weeks, so it gets its
 * reminder, breach and escalation notices. One channel fails twice per notice then works, one never works.
 */
describe('SLA notices and statuses are retried until they succeed or become dead letters', () => {
  let dir: string;
  let store: Store;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-sla-retry-'));
    store = await createTestStore(dir);
  });
  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function runAudits(audit: ReturnType<typeof createSlaAudit>, days: number) {
    const { logger } = memoryLogger([]);
    let clock = START;
    const tracker = createSlaTracker({ store, sla, logger, now: () => clock });
    await tracker.observe(PORTAL, '9001', { decision: mql('9001'), changes: [], crm: { hubspot_owner_id: '70110001' }, leadStatus: null });
    for (let t = START; t <= START + days * DAY; t += 5 * MIN) {
      clock = t;
      await audit.run(t);
    }
  }

  it('a channel that took a notice is never asked again; a flaky one is retried; a dead one becomes a visible dead letter', async () => {
    const calls: Call[] = [];
    const notifiers = [channel('hubspot-task', calls, () => false), channel('slack', calls, (_k, nth) => nth <= 2), channel('email', calls, () => true)];
    const spy = metricsSpy();
    const { logger } = memoryLogger([]);
    const audit = createSlaAudit({ store, sla, notifiers, logger, holder: 'a', metrics: spy.m, retry: { maxAttempts: 4, backoffMs: 10 * MIN } });
    await runAudits(audit, 14);

    const keys = [...new Set(calls.map((c) => c.key))];
    expect(keys.length).toBeGreaterThanOrEqual(3); // reminder, breach, escalation at least
    for (const key of keys) {
      const of = (name: string) => calls.filter((c) => c.key === key && c.channel === name);
      // Exactly once where it worked: the task channel was never asked again because slack or email failed.
      expect([key, of('hubspot-task').map((c) => c.ok)]).toEqual([key, [true]]);
      // Slack: two failures, then once delivered, then never again.
      expect([key, of('slack').map((c) => c.ok)]).toEqual([key, [false, false, true]]);
      // Email: tried maxAttempts times, with growing gaps (10, 20, 40 minutes at least), then given up.
      const email = of('email');
      expect([key, email.map((c) => c.ok)]).toEqual([key, [false, false, false, false]]);
      const gaps = email.slice(1).map((c, i) => c.at - email[i]!.at);
      expect(gaps[0]).toBeGreaterThanOrEqual(10 * MIN);
      expect(gaps[1]).toBeGreaterThanOrEqual(20 * MIN);
      expect(gaps[2]).toBeGreaterThanOrEqual(40 * MIN);
    }
    // Visible: each notice is a dead letter naming the channel that never took it and those that did.
    const dead = await store.failedNotifications(100);
    expect(dead.map((d) => d.noticeKey).sort()).toEqual([...keys].sort());
    for (const d of dead) {
      expect(d).toMatchObject({ status: 'dead', failedChannels: ['email'], attempts: 4, lastError: 'email: email is down' });
      expect([...d.sentChannels].sort()).toEqual(['hubspot-task', 'slack']);
      expect(d.taskId).toBe('task-1');
    }
    expect(spy.dead).toEqual(keys.map(() => 'email'));
  });

  it('a notice every channel failed is sent once it works again, and is not a dead letter', async () => {
    const calls: Call[] = [];
    const notifiers = [channel('hubspot-task', calls, (_k, nth) => nth <= 2)];
    const { logger } = memoryLogger([]);
    const audit = createSlaAudit({ store, sla, notifiers, logger, holder: 'a', retry: { maxAttempts: 4, backoffMs: 10 * MIN } });
    await runAudits(audit, 14);
    const keys = [...new Set(calls.map((c) => c.key))];
    for (const key of keys) expect([key, calls.filter((c) => c.key === key).map((c) => c.ok)]).toEqual([key, [false, false, true]]);
    expect(await store.failedNotifications(100)).toEqual([]);
  });

  it('an SLA status HubSpot refused is written again by a later audit, until HubSpot takes it', async () => {
    const writes: Array<{ at: number; update: ContactUpdate; ok: boolean }> = [];
    let clock = 0;
    let refuse = 2; // the first two writes fail: a 5xx as a whole, then a 207 naming the contact
    const crm = {
      async updateContacts(_portalId: number, updates: readonly ContactUpdate[]) {
        for (const update of updates) writes.push({ at: clock, update, ok: refuse === 0 });
        if (refuse === 2) {
          refuse -= 1;
          throw new Error('HubSpot 502');
        }
        if (refuse === 1) {
          refuse -= 1;
          return new Map(updates.map((u) => [u.id, new Error('refused')]));
        }
        return new Map();
      },
    } as unknown as CrmPort;
    const spy = metricsSpy();
    const { logger } = memoryLogger([]);
    const inner = createSlaAudit({ store, sla, notifiers: [channel('hubspot-task', [], () => false)], crm, logger, holder: 'a', metrics: spy.m });
    await runAudits({ run: (t: number) => ((clock = t), inner.run(t)) } as ReturnType<typeof createSlaAudit>, 14);

    expect(writes.slice(0, 3).map((w) => w.ok)).toEqual([false, false, true]);
    // The refused status reached HubSpot on a later audit, within minutes; every status tried was taken in the end.
    expect(writes[2]!.update).toEqual(writes[0]!.update);
    expect(writes[2]!.at - writes[0]!.at).toBeLessThanOrEqual(15 * MIN);
    const statuses = (ok?: boolean) => new Set(writes.filter((w) => ok === undefined || w.ok === ok).map((w) => w.update.properties.leadloop_sla_status));
    expect(statuses(true)).toEqual(statuses());
    expect(statuses().size).toBeGreaterThanOrEqual(2); // overdue, then breached
    // Each status was written (taken) once: no write repeated after HubSpot took it.
    const taken = writes.filter((w) => w.ok).map((w) => w.update.properties);
    expect(new Set(taken.map((p) => JSON.stringify(p))).size).toBe(taken.length);
    expect(spy.written()).toBe(taken.length);
  });
});
