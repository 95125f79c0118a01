import fs from 'node:fs';
import path from 'node:path';
import { slaSchema } from '../../../src/config/sla-schema';
import type { CrmPort } from '../../../src/crm/crm-port';
import { createOwnerDirectory } from '../../../src/crm/owner-directory';
import { createDecider } from '../../../src/domain/decide';
import { scoreContacts } from '../../../src/processing/score-contacts';
import { createSlaTracker } from '../../../src/sla/track-sla';
import type { StoredEvent, Store } from '../../../src/store/store-port';
import type { WriteBack } from '../../../src/writeback/write-back';
import { memoryLogger } from '../../helpers/memory-logger';
import { createTestStore } from '../../helpers/test-database';
import { NOW, TARGET, testRules } from '../../helpers/test-rules';

/**
 * A contact's bookkeeping after its decision runs as one unit of work (one PostgreSQL transaction, holding a pool
 * connection and the contact's row lock): nothing in it may wait on HubSpot. Routing an unowned MQL needs the
 * portal's owners from HubSpot; they are read before the unit begins.
 */
const PORTAL = 7;
const sla = slaSchema.parse({ ...JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../config/sla.json'), 'utf8')), routing: { kind: 'roundRobinActiveOwners', absentOwnerIds: [] } });

describe('the unit of work around a decision’s bookkeeping', () => {
  let store: Store;
  beforeEach(async () => {
    store = await createTestStore();
  });
  afterEach(() => store.close());

  it('reads the owners to route a new MQL before the unit of work, never inside it, even when their cache expires meanwhile; the events, the CRM read and the bookkeeping are stored inside', async () => {
    let insideUnit = false;
    const unitsRun: string[] = [];
    const bookkeeping: Array<{ call: string; insideUnit: boolean }> = [];
    const watched = <A extends unknown[], R>(call: string, f: (...args: A) => Promise<R>) => (...args: A) => (bookkeeping.push({ call, insideUnit }), f(...args));
    const tracked: Store = {
      ...store,
      applyContactChanges: watched('applyContactChanges', store.applyContactChanges),
      applyAndLoadContact: watched('applyAndLoadContact', store.applyAndLoadContact),
      recordContactEvents: watched('recordContactEvents', store.recordContactEvents),
      activitiesOf: watched('activitiesOf', store.activitiesOf),
      saveDecision: watched('saveDecision', store.saveDecision),
      recordFunnel: watched('recordFunnel', store.recordFunnel),
      openSlaItem: watched('openSlaItem', store.openSlaItem),
      async unitOfWork(fn) {
        insideUnit = true;
        try {
          return await fn();
        } finally {
          insideUnit = false;
          unitsRun.push('unit');
        }
      },
    };
    const ownerReads: Array<{ insideUnit: boolean }> = [];
    let tick = 0;
    const crm = {
      async listOwners() {
        ownerReads.push({ insideUnit });
        return [{ id: '41', email: 'rep@x.example', firstName: 'R', lastName: 'Ep', archived: false }];
      },
    } as unknown as CrmPort;
    const submitted: Array<Record<string, string>> = [];
    const writeBack = { submit: async (_p: number, _d: unknown, _c: unknown, extra: Record<string, string> = {}) => void submitted.push(extra), flushUpdates: async () => undefined } as unknown as WriteBack;
    const { logger } = memoryLogger();
    const scorer = scoreContacts({
      store: tracked,
      decide: createDecider(testRules({ mqlThreshold: 10 }), 'h1'),
      logger,
      now: () => NOW,
      crm: { reader: { read: async (_portal, id) => ({ id, properties: { ...TARGET, lifecyclestage: 'lead', hubspot_owner_id: null } }) }, writeBack, ownProperties: new Set() },
      // The owners' cache entry expires at once (1 ms, a clock that moves on every reading): whatever reads it inside
      // the unit would call HubSpot there.
      sla: createSlaTracker({ store: tracked, sla, owners: createOwnerDirectory(crm, { ttlMs: 1, now: () => (tick += 1) }), logger, now: () => NOW }),
    });
    // A webhook's group: its events, the CRM's values and the decision's bookkeeping are stored in one unit.
    const event = { id: 1, eventId: '1', portalId: PORTAL, subjectKey: `${PORTAL}:contact:1`, subscriptionType: 'contact.propertyChange', objectId: '1', propertyName: 'jobtitle', propertyValue: 'VP Sales', occurredAt: NOW - 1000, changeSource: 'CRM_UI', attempts: 0, payload: '{}' } as unknown as StoredEvent;
    await scorer.process({ subjectKey: event.subjectKey, portalId: PORTAL, events: [event] });
    await scorer.settle?.();

    expect((await store.listDecisions(PORTAL, '1')).at(-1)?.stageTo).toBe('marketingqualifiedlead');
    expect(unitsRun).toEqual(['unit']);
    expect(ownerReads).toEqual([{ insideUnit: false }]);
    expect(bookkeeping).toEqual([
      { call: 'recordContactEvents', insideUnit: true },
      { call: 'applyAndLoadContact', insideUnit: true },
      { call: 'saveDecision', insideUnit: true },
      { call: 'recordFunnel', insideUnit: true },
      { call: 'openSlaItem', insideUnit: true },
    ]);
    expect(submitted).toEqual([expect.objectContaining({ hubspot_owner_id: '41' })]); // routed, with the owners read before
  });
});
