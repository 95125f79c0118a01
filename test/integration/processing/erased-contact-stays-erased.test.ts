import { createDecider } from '../../../src/domain/decide';
import { scoreContacts } from '../../../src/processing/score-contacts';
import type { StoredEvent, Store } from '../../../src/store/store-port';
import type { WriteBack } from '../../../src/writeback/write-back';
import { memoryLogger } from '../../helpers/memory-logger';
import { createTestStore } from '../../helpers/test-database';
import { NOW, testRules } from '../../helpers/test-rules';

/**
 * A contact erased for privacy stays erased: a straggling event or a rescore (a backfill, the card's "Re-score now")
 * must neither read it from HubSpot again nor store anything about it. The worker learns of the erasure in the same
 * read that gives it the contact's properties (contactBeforeEvents).
 */
const PORTAL = 7;
const straggler = { id: 1, eventId: '1', portalId: PORTAL, subjectKey: `${PORTAL}:contact:1`, subscriptionType: 'contact.propertyChange', objectId: '1', propertyName: 'jobtitle', propertyValue: 'CTO', occurredAt: NOW, changeSource: 'CRM_UI', attempts: 0, payload: '{}' } as unknown as StoredEvent;

describe('an erased contact stays erased', () => {
  let store: Store;
  let reads: number;
  beforeEach(async () => {
    store = await createTestStore();
    reads = 0;
    await store.applyContactChanges(PORTAL, '1', [{ name: 'email', value: 'gone@example.com', at: NOW - 1000 }], []);
    await store.eraseContact(PORTAL, '1', NOW - 500);
  });
  afterEach(() => store.close());

  const scorer = () =>
    scoreContacts({
      store,
      decide: createDecider(testRules(), 'h1'),
      logger: memoryLogger().logger,
      now: () => NOW,
      crm: {
        reader: {
          read: async () => {
            reads++;
            return { id: '1', properties: { email: 'gone@example.com', jobtitle: 'CTO' } };
          },
        },
        writeBack: { submit: async () => undefined, flushUpdates: async () => undefined } as unknown as WriteBack,
        ownProperties: new Set(),
      },
    });

  it('a straggling event is dropped: nothing read, nothing stored', async () => {
    await scorer().process({ subjectKey: straggler.subjectKey, portalId: PORTAL, events: [straggler] });
    expect(reads).toBe(0);
    expect(await store.loadContact(PORTAL, '1')).toBeNull();
    expect(await store.listDecisions(PORTAL, '1')).toEqual([]);
  });

  it('a rescore does nothing: nothing read, nothing stored', async () => {
    await scorer().rescore(PORTAL, '1', [{ activity: { kind: 'page_viewed', at: NOW }, sourceKey: 'v:1' }]);
    expect(reads).toBe(0);
    expect(await store.loadContact(PORTAL, '1')).toBeNull();
    expect(await store.listDecisions(PORTAL, '1')).toEqual([]);
  });
});
