import fs from 'node:fs';
import path from 'node:path';
import { slaSchema } from '../../../src/config/sla-schema';
import type { Decision } from '../../../src/domain/decide';
import type { Notifier, OwnerNotice } from '../../../src/notify/notifier-port';
import { createSlaAudit } from '../../../src/sla/run-sla-audit';
import { createSlaTracker } from '../../../src/sla/track-sla';
import type { Store } from '../../../src/store/store-port';
import { memoryLogger } from '../../helpers/memory-logger';
import { createStore } from '../../../src/store/create-store';
import { queryDatabase, testDatabaseUrl } from '../../helpers/test-database';
import { testNow } from '../../helpers/test-clock';

const sla = slaSchema.parse(JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../config/sla.json'), 'utf8')));
const PORTAL = 779;
const MIN = 60_000;
const START = Math.floor(testNow().instant / (5 * MIN)) * 5 * MIN;
const decision = (to: string, changed: boolean) => ({ contactId: '1', stage: { from: 'lead', to, changed, reason: '' } }) as unknown as Decision;

/**
 * The audit reads the due items, notifies, then saves what it read with the notices given. A touch the tracker
 * saves meanwhile (the rep's call arrives while the reminder goes out; on PostgreSQL, on another instance) must
 * survive the audit's save: the lead was touched, so nobody is chased or escalated for it.
 */
describe('an SLA touch saved while the audit notifies', () => {
  let store: Store;
  let url: string;
  beforeEach(async () => {
    url = testDatabaseUrl();
    store = await createStore(url);
  });
  afterEach(async () => {
    await store.close();
  });

  it('is kept: the audit leaves the item to its next run, which finds it touched', async () => {
    const { logger } = memoryLogger([]);
    let clock = START;
    const tracker = createSlaTracker({ store, sla, logger, now: () => clock });
    await tracker.observe(PORTAL, '1', { decision: decision('marketingqualifiedlead', true), changes: [], crm: { hubspot_owner_id: '70110001' }, leadStatus: null });
    const sent: string[] = [];
    let touchedAt: number | null = null;
    const notifier: Notifier = {
      name: 'recording',
      async send(n: OwnerNotice, now: number) {
        sent.push(n.key);
        if (touchedAt === null) {
          touchedAt = now;
          const call = [{ name: 'hs_lead_status', value: 'ATTEMPTED_TO_CONTACT', at: now }];
          await tracker.observe(PORTAL, '1', { decision: decision('marketingqualifiedlead', false), changes: call, crm: null, leadStatus: 'ATTEMPTED_TO_CONTACT' });
        }
        return null;
      },
    };
    const audit = createSlaAudit({ store, sla, notifiers: [notifier], logger });
    for (let t = START; t <= START + 3 * 24 * 60 * MIN; t += 5 * MIN) {
      clock = t;
      await audit.run(t);
    }

    expect(touchedAt).not.toBeNull();
    const rows = await store.slaRows(0, START + 10 * 24 * 60 * MIN, PORTAL);
    expect(rows).toEqual([expect.objectContaining({ firstTouchAt: touchedAt, touches: 1 })]);
    expect(sent).toHaveLength(1); // the one notice that was going out when the call came; no breach, no escalation
  });

  it("is applied again on the item as the audit saved it, when the audit saves first: both the touch and the audit's notices stay", async () => {
    const { logger } = memoryLogger([]);
    const tracker = (s: Store) => createSlaTracker({ store: s, sla, logger, now: () => START + 90 * MIN });
    await tracker(store).observe(PORTAL, '1', { decision: decision('marketingqualifiedlead', true), changes: [], crm: { hubspot_owner_id: '70110001' }, leadStatus: null });
    // The audit saves its notice just as the tracker is about to save the touch (between the tracker's read and save).
    let auditSaved = false;
    const racing: Store = Object.assign(Object.create(store) as Store, {
      async saveSlaItem(...args: Parameters<Store['saveSlaItem']>) {
        if (!auditSaved) {
          auditSaved = true;
          const read = (await store.activeSlaItem(PORTAL, '1'))!;
          expect(await store.saveSlaItem({ ...read, noticesGiven: ['first-touch-reminder'] }, START + 90 * MIN, read)).toBe(true);
        }
        return store.saveSlaItem(...args);
      },
    });
    const call = [{ name: 'hs_lead_status', value: 'ATTEMPTED_TO_CONTACT', at: START + 90 * MIN }];
    await tracker(racing).observe(PORTAL, '1', { decision: decision('marketingqualifiedlead', false), changes: call, crm: null, leadStatus: 'ATTEMPTED_TO_CONTACT' });

    expect(queryDatabase(url, 'select touches, notices_given from sla_items')).toEqual([{ touches: JSON.stringify([START + 90 * MIN]), notices_given: JSON.stringify(['first-touch-reminder']) }]);
  });
});
