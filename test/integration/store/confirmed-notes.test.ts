import { createTestStore } from '../../helpers/test-database';
import type { Store } from '../../../src/store/store-port';

// Two portals whose contact ids collide: HubSpot ids are per portal, so contact 7 exists in both.
const PORTAL = 1_001;
const OTHER = 2_002;
const NOW = 1_790_000_000_000;

describe('confirmedNotesOf: the notes HubSpot confirmed for one contact of one portal', () => {
  let store: Store;
  beforeAll(async () => {
    store = await createTestStore();
    const write = async (key: string, portalId: number, contactId: string, kind: string, crmId: string | null) => {
      await store.beginCrmWrite(key, portalId, contactId, kind, NOW, '{}');
      if (crmId !== null) await store.confirmCrmWrite(key, crmId, NOW + 1);
    };
    await write('note:1001:7:none>lead', PORTAL, '7', 'note', '501');
    await write('note:1001:7:lead>marketingqualifiedlead', PORTAL, '7', 'note', '502');
    await write('note:1001:7:marketingqualifiedlead>salesqualifiedlead', PORTAL, '7', 'note', null); // pending
    await write('task:1001:7:first-touch', PORTAL, '7', 'task', '503'); // a task, not a note
    await write('note:1001:8:none>lead', PORTAL, '8', 'note', '504'); // another contact
    await write('note:2002:7:none>lead', OTHER, '7', 'note', '601'); // the same contact id in another portal
  });
  afterAll(async () => {
    await store.close();
  });

  it("answers the portal's confirmed notes of that contact only: no pending one, no task, no other contact's or portal's", async () => {
    const byKey = (notes: Array<{ key: string; crmId: string }>) => [...notes].sort((a, b) => a.key.localeCompare(b.key));
    expect(byKey(await store.confirmedNotesOf(PORTAL, '7'))).toEqual([
      { key: 'note:1001:7:lead>marketingqualifiedlead', crmId: '502' },
      { key: 'note:1001:7:none>lead', crmId: '501' },
    ]);
    expect(await store.confirmedNotesOf(OTHER, '7')).toEqual([{ key: 'note:2002:7:none>lead', crmId: '601' }]);
    expect(await store.confirmedNotesOf(PORTAL, '9')).toEqual([]);
  });
});

describe('confirmCrmWrites: a batch HubSpot created, confirmed in one go', () => {
  let store: Store;
  beforeEach(async () => {
    store = await createTestStore();
    for (const id of ['1', '2', '3']) await store.beginCrmWrite(`note:${PORTAL}:${id}:none>lead`, PORTAL, id, 'note', NOW, '{}');
  });
  afterEach(() => store.close());

  it('gives each write its own HubSpot id and leaves the writes outside the batch pending', async () => {
    await store.confirmCrmWrites(
      [
        { key: `note:${PORTAL}:1:none>lead`, crmId: '901' },
        { key: `note:${PORTAL}:3:none>lead`, crmId: '903' },
      ],
      NOW + 1,
    );
    expect(await store.confirmedNotesOf(PORTAL, '1')).toEqual([{ key: `note:${PORTAL}:1:none>lead`, crmId: '901' }]);
    expect(await store.confirmedNotesOf(PORTAL, '3')).toEqual([{ key: `note:${PORTAL}:3:none>lead`, crmId: '903' }]);
    expect(await store.confirmedNotesOf(PORTAL, '2')).toEqual([]);
    // Still pending, and not in flight: a new begin takes it up again; the confirmed ones are done.
    expect(await store.beginCrmWrite(`note:${PORTAL}:2:none>lead`, PORTAL, '2', 'note', NOW + 2, '{}')).toBe('pending');
    expect(await store.beginCrmWrite(`note:${PORTAL}:1:none>lead`, PORTAL, '1', 'note', NOW + 2, '{}')).toBe('done');
  });

  it('an empty batch writes nothing', async () => {
    await store.confirmCrmWrites([], NOW + 1);
    expect(await store.confirmedNotesOf(PORTAL, '1')).toEqual([]);
  });
});
