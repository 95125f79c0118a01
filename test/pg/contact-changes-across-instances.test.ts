import pg from 'pg';
import { waitForLockWaiters } from '../helpers/pg-lock-waits';
import { pgInstances } from '../helpers/pg-instances';

/**
 * A contact's properties are one JSON row, merged on write (read, merge, write). Two writers of one contact can
 * meet: the worker applying its webhooks and the card's "Re-score now", which scores the contact outside the
 * queue, on whichever instance the request reached. Neither may lose the other's property: a lost change leaves
 * leadloop deciding on a value HubSpot no longer holds.
 */
const T0 = 1_790_000_000_000;

describe('contact changes across instances (PostgreSQL)', () => {
  const instances = pgInstances();

  it("merges two instances' changes to one contact, whichever commits first", async () => {
    const { url, stores: [a, b] } = await instances(2, 1);
    await a.applyContactChanges(7, '1', [{ name: 'email', value: 'x@example.com', at: T0 }], []);
    const holdRow = new pg.Client({ connectionString: url });
    await holdRow.connect();
    try {
      // Both writers start while the contact's row is held, so both are under way before either has written.
      await holdRow.query('begin');
      await holdRow.query("select contact_id from contacts where contact_id = '1' for update");
      const writes = [
        a.applyContactChanges(7, '1', [{ name: 'lifecyclestage', value: 'marketingqualifiedlead', at: T0 + 1 }], []),
        b.applyContactChanges(7, '1', [{ name: 'jobtitle', value: 'CTO', at: T0 + 2 }], []),
      ];
      await waitForLockWaiters(url, 2, 'the two writers');
      await holdRow.query('commit');
      await Promise.all(writes);

      const loaded = await a.loadContact(7, '1');
      expect(loaded!.snapshot.properties).toEqual({ email: 'x@example.com', lifecyclestage: 'marketingqualifiedlead', jobtitle: 'CTO' });
    } finally {
      await holdRow.end();
    }
  });

  it('merges the first changes of a new contact from four instances at once', async () => {
    const { stores } = await instances(4, 2);
    await Promise.all(stores.map((s, i) => s.applyContactChanges(7, '2', [{ name: `p${i}`, value: String(i), at: T0 + i }], [])));
    expect((await stores[0]!.loadContact(7, '2'))!.snapshot.properties).toEqual({ p0: '0', p1: '1', p2: '2', p3: '3' });
  });
});
