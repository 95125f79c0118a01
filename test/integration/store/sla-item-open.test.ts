import type { Store } from '../../../src/store/store-port';
import type { StoredSlaItem } from '../../../src/store/sla-store-port';
import { createStore } from '../../../src/store/create-store';
import { queryDatabase, testDatabaseUrl } from '../../helpers/test-database';

/**
 * openSlaItem opens a contact's follow-up SLA unless one is running, and answers the running one: an MQL decided
 * twice (a retry, two writers) never holds two clocks. "Unless one is running" is part of the insert itself.
 */
describe('openSlaItem: one running SLA per contact', () => {
  let url: string;
  let store: Store;
  beforeEach(async () => {
    url = testDatabaseUrl();
    store = await createStore(url);
    for (const [portalId, contactId] of [
      [1, '7'],
      [1, '8'],
      [2, '7'],
    ] as const)
      await store.applyContactChanges(portalId, contactId, [], []);
  });
  afterEach(() => store.close());

  const draft = (openedAt: number, more: Partial<StoredSlaItem> = {}) => ({
    portalId: 1,
    contactId: '7',
    openedAt,
    ownerId: 'o1',
    clockStartAt: openedAt,
    firstTouchDueAt: openedAt + 3_600_000,
    firstTouchAt: null,
    touches: [] as number[],
    noticesGiven: [] as string[],
    status: 'open' as const,
    nextCheckAt: openedAt + 3_600_000,
    ...more,
  });
  // Every item of the contact, closed ones too, read outside the store.
  const rows = async (portalId = 1, contactId = '7') => queryDatabase(url, 'select id from sla_items where portal_id = ? and contact_id = ?', portalId, contactId);

  it('opens an item with what it was given', async () => {
    const opened = await store.openSlaItem(draft(1000, { touches: [1500], firstTouchAt: 1500 }));
    expect(opened).toMatchObject({ portalId: 1, contactId: '7', openedAt: 1000, ownerId: 'o1', clockStartAt: 1000, firstTouchDueAt: 3_601_000, firstTouchAt: 1500, touches: [1500], status: 'open', nextCheckAt: 3_601_000, closedReason: null });
    expect(await store.activeSlaItem(1, '7')).toEqual(opened);
  });

  it('answers the running item instead of opening a second, open or overdue', async () => {
    const first = await store.openSlaItem(draft(1000));
    expect(await store.openSlaItem(draft(2000, { ownerId: 'o2' }))).toEqual(first);
    await store.saveSlaItem({ ...first, status: 'overdue' }, 2500);
    expect(await store.openSlaItem(draft(3000))).toMatchObject({ id: first.id, openedAt: 1000, status: 'overdue' });
    expect(await rows()).toHaveLength(1);
  });

  it('opens a new item once the last one is closed (met or breached)', async () => {
    const first = await store.openSlaItem(draft(1000));
    await store.saveSlaItem({ ...first, status: 'met', nextCheckAt: null, closedReason: 'sales accepted' }, 1500);
    const second = await store.openSlaItem(draft(2000));
    expect(second.id).not.toBe(first.id);
    expect(second).toMatchObject({ openedAt: 2000, status: 'open' });
    expect(await rows()).toHaveLength(2);
  });

  it('answers the item opened at the same time (a retried open) rather than failing on its key', async () => {
    const first = await store.openSlaItem(draft(1000));
    await store.saveSlaItem({ ...first, status: 'met', nextCheckAt: null, closedReason: 'sales accepted' }, 1500);
    expect(await store.openSlaItem(draft(1000))).toMatchObject({ id: first.id, status: 'met' });
    expect(await rows()).toHaveLength(1);
  });

  it('another contact or portal does not count as running', async () => {
    await store.openSlaItem(draft(1000));
    expect(await store.openSlaItem(draft(2000, { contactId: '8' }))).toMatchObject({ contactId: '8', openedAt: 2000 });
    expect(await store.openSlaItem(draft(2000, { portalId: 2 }))).toMatchObject({ portalId: 2, openedAt: 2000 });
  });
});
