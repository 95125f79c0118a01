import { createDecider } from '../../../src/domain/decide';
import type { CrmContact } from '../../../src/crm/crm-port';
import { scoreContacts } from '../../../src/processing/score-contacts';
import type { StoredEvent, Store } from '../../../src/store/store-port';
import type { WriteBack } from '../../../src/writeback/write-back';
import { memoryLogger } from '../../helpers/memory-logger';
import { createTestStore } from '../../helpers/test-database';
import { NOW, testRules } from '../../helpers/test-rules';

/**
 * With a CRM, a contact's events are stored in the same transaction as the CRM read that follows them (one
 * transaction instead of two). What the events say must be kept all the same: properties the read does not return,
 * the form submission, and everything when HubSpot fails (the group is retried, the history is not lost meanwhile).
 */
const PORTAL = 7;
let nextId = 0;
const change = (propertyName: string, propertyValue: string, occurredAt: number) =>
  ({ id: ++nextId, eventId: String(nextId), portalId: PORTAL, subjectKey: `${PORTAL}:contact:1`, subscriptionType: 'contact.propertyChange', objectId: '1', propertyName, propertyValue, occurredAt, changeSource: 'CRM_UI', attempts: 0, payload: '{}' }) as unknown as StoredEvent;

const kinds = (activities: ReadonlyArray<{ kind: string }> | undefined) => {
  const counts: Record<string, number> = {};
  for (const a of activities ?? []) counts[a.kind] = (counts[a.kind] ?? 0) + 1;
  return counts;
};

describe('a contact’s events, stored with the CRM read', () => {
  let store: Store;
  beforeEach(async () => {
    store = await createTestStore();
  });
  afterEach(() => store.close());

  const scorer = (read: () => Promise<CrmContact | null>) =>
    scoreContacts({
      store,
      decide: createDecider(testRules(), 'h1'),
      logger: memoryLogger().logger,
      now: () => NOW,
      crm: { reader: { read }, writeBack: { submit: async () => undefined, flushUpdates: async () => undefined } as unknown as WriteBack, ownProperties: new Set() },
    });
  // A page view count the read does not return, and a form submission (its date and its name).
  const group = () => ({
    subjectKey: `${PORTAL}:contact:1`,
    portalId: PORTAL,
    events: [change('hs_analytics_num_page_views', '12', NOW - 60_000), change('recent_conversion_date', String(NOW - 30_000), NOW - 30_000), change('recent_conversion_event_name', 'Demo request', NOW - 30_000)],
  });

  it('keeps the events’ properties the read does not return, and their form submission, with the CRM’s values winning where both speak', async () => {
    await scorer(async () => ({ id: '1', properties: { jobtitle: 'VP Sales', recent_conversion_event_name: 'Demo request (CRM)' } })).process(group());
    const stored = await store.loadContact(PORTAL, '1');
    expect(stored?.snapshot.properties).toMatchObject({ hs_analytics_num_page_views: '12', jobtitle: 'VP Sales', recent_conversion_event_name: 'Demo request (CRM)' });
    expect(kinds(stored?.activities)).toEqual({ page_viewed: 12, form_submitted: 1 });
    expect(stored?.activities.find((a) => a.kind === 'form_submitted')).toMatchObject({ formName: 'Demo request' });
  });

  it('keeps what the events said when HubSpot fails, and fails the group so that it is retried', async () => {
    await expect(scorer(async () => Promise.reject(new Error('HubSpot 502'))).process(group())).rejects.toThrow('HubSpot 502');
    const stored = await store.loadContact(PORTAL, '1');
    expect(stored?.snapshot.properties).toMatchObject({ hs_analytics_num_page_views: '12' });
    expect(kinds(stored?.activities)).toEqual({ page_viewed: 12, form_submitted: 1 });
  });

  it('keeps what the events said when the contact is no longer in the CRM', async () => {
    await scorer(async () => null).process(group());
    expect((await store.loadContact(PORTAL, '1'))?.snapshot.properties).toMatchObject({ hs_analytics_num_page_views: '12' });
  });
});
