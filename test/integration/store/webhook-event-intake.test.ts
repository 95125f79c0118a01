import type { NewWebhookEvent, Store } from '../../../src/store/store-port';
import { createTestStore } from '../../helpers/test-database';

/**
 * Deliveries that arrive together share one commit (group commit): each still learns how many of its own events
 * were new. On both dialects (npm run test:pg runs this file on PostgreSQL, where the group is one INSERT).
 */
const NOW = 7_000_000;
const event = (id: string, occurredAt = 1_000): NewWebhookEvent => ({
  portalId: 62515, subscriptionId: 3, eventId: id, occurredAt, subscriptionType: 'contact.propertyChange',
  subjectKey: `62515:contact:${id}`, objectId: id, propertyName: 'email', propertyValue: `${id}@x.io`,
  changeSource: 'CRM_UI', sourceId: null, attemptNumber: 0, payload: '{}', status: 'pending',
});

describe('webhook event intake: group commit', () => {
  let store: Store;
  beforeEach(async () => {
    store = await createTestStore();
  });
  afterEach(async () => {
    await store.close();
  });

  it('gives each delivery of one commit its own count; an event in two of them is stored once, for the first', async () => {
    const [first, second, third] = await Promise.all([
      store.insertWebhookEvents([event('a'), event('b')], NOW),
      store.insertWebhookEvents([event('b'), event('c')], NOW),
      // Same event id, another occurrence time: another event (HubSpot's key includes occurredAt).
      store.insertWebhookEvents([event('a', 2_000), event('a')], NOW),
    ]);
    expect([first, second, third]).toEqual([
      { stored: 2, duplicates: 0 },
      { stored: 1, duplicates: 1 },
      { stored: 1, duplicates: 1 },
    ]);
    expect((await store.listEvents('pending', 100)).map((e) => `${e.eventId}@${e.occurredAt}`).sort()).toEqual(['a@1000', 'a@2000', 'b@1000', 'c@1000']);
    // HubSpot's retry of the first delivery: nothing new.
    expect(await store.insertWebhookEvents([event('a'), event('b')], NOW)).toEqual({ stored: 0, duplicates: 2 });
  });

  it('stores a group larger than one statement takes, whole', async () => {
    const many = (from: number, n: number) => Array.from({ length: n }, (_, i) => event(`m${from + i}`));
    const results = await Promise.all([store.insertWebhookEvents(many(0, 1_500), NOW), store.insertWebhookEvents(many(1_499, 1_500), NOW)]);
    expect(results).toEqual([
      { stored: 1_500, duplicates: 0 },
      { stored: 1_499, duplicates: 1 },
    ]);
    expect((await store.queueCounts()).pending).toBe(2_999);
  });
});
