import type { Kysely } from 'kysely';
import { createKyselyStore } from '../../../src/store/kysely-store';
import { migrateToLatest } from '../../../src/store/migrate';
import { openDatabase } from '../../../src/store/open-database';
import { precompiled } from '../../../src/store/precompiled-query';
import type { Database } from '../../../src/store/schema';
import type { Store } from '../../../src/store/store-port';
import { queryDatabase, testDatabaseUrl } from '../../helpers/test-database';

/**
 * A precompiled query is built once and then only bound: each call's arguments must land where the builder put them,
 * constants must stay, and a builder that does not use an argument as a value must be refused, not cached wrong.
 */
describe('precompiled: a query built once per dialect and argument count', () => {
  let url: string;
  let store: Store;
  let db: Kysely<Database>;
  beforeEach(async () => {
    url = testDatabaseUrl();
    const opened = openDatabase(url);
    db = opened.db;
    await migrateToLatest(db as never);
    store = createKyselyStore(db, opened.dialect, opened.sqlite);
    for (const [portalId, contactId, at] of [
      [1, 'a', 10],
      [1, 'b', 20],
      [2, 'a', 30],
    ] as const)
      await store.applyContactChanges(portalId, contactId, [{ name: 'email', value: `${contactId}@${portalId}.example`, at }], []);
  });
  afterEach(() => store.close());

  it('binds each call’s own arguments, and keeps the builder’s constants', async () => {
    let builds = 0;
    const contactsOf = precompiled((d: Kysely<Database>, portalId: number, after: number) => {
      builds++;
      return d.selectFrom('contacts').select('contact_id').where('portal_id', '=', portalId).where('updated_at', '>', after).where('contact_id', '<>', 'zzz').orderBy('contact_id');
    });
    expect((await contactsOf(db, 1, 0)).rows).toEqual([{ contact_id: 'a' }, { contact_id: 'b' }]);
    expect((await contactsOf(db, 1, 15)).rows).toEqual([{ contact_id: 'b' }]);
    expect((await contactsOf(db, 2, 0)).rows).toEqual([{ contact_id: 'a' }]);
    expect((await contactsOf(db, 3, 0)).rows).toEqual([]);
    expect(builds).toBe(1);
  });

  it('binds an argument used twice at both places', async () => {
    const same = precompiled((d: Kysely<Database>, contactId: string) => d.selectFrom('contacts').select('portal_id').where('contact_id', '=', contactId).where((eb) => eb.or([eb('contact_id', '=', contactId), eb('contact_id', '=', 'never')])).orderBy('portal_id'));
    expect((await same(db, 'a')).rows.map((r) => Number(r.portal_id))).toEqual([1, 2]);
    expect((await same(db, 'b')).rows.map((r) => Number(r.portal_id))).toEqual([1]);
  });

  it('builds a multi-row insert once per row count, each row its own values', async () => {
    let builds = 0;
    const link = precompiled((d: Kysely<Database>, ...flat: Array<string | number>) => {
      builds++;
      const rows = [];
      for (let i = 0; i < flat.length; i += 3) rows.push({ portal_id: flat[i] as number, deal_id: flat[i + 1] as string, contact_id: flat[i + 2] as string });
      return d.insertInto('deal_contacts').values(rows);
    });
    await link(db, 1, 'd1', 'a');
    await link(db, 1, 'd2', 'b', 2, 'd3', 'a');
    await link(db, 1, 'd4', 'a');
    expect(builds).toBe(2);
    expect(queryDatabase(url, 'select portal_id, deal_id, contact_id from deal_contacts order by deal_id').map((r) => ({ ...r, portal_id: Number(r.portal_id) }))).toEqual([
      { portal_id: 1, deal_id: 'd1', contact_id: 'a' },
      { portal_id: 1, deal_id: 'd2', contact_id: 'b' },
      { portal_id: 2, deal_id: 'd3', contact_id: 'a' },
      { portal_id: 1, deal_id: 'd4', contact_id: 'a' },
    ]);
  });

  it('refuses a builder that leaves an argument out of its query, naming it', async () => {
    const careless = precompiled((d: Kysely<Database>, portalId: number, unused: string) => {
      void unused;
      return d.selectFrom('contacts').select('contact_id').where('portal_id', '=', portalId);
    });
    await expect(careless(db, 1, 'x')).rejects.toThrow(/leaves out argument\(s\) 1/);
  });

  it('stores an undefined value as null (both drivers bind it so)', async () => {
    const setEmail = precompiled((d: Kysely<Database>, properties: string | undefined, contactId: string) => d.updateTable('contact_funnel').set({ source: properties ?? null }).where('contact_id', '=', contactId));
    await store.recordFunnel(1, 'a', { stage: 'lead', at: 1, source: 'ADS', campaign: null, firstForm: null, rejected: false, emailKey: null, nameKey: null, displayName: null });
    await setEmail(db, 'ORGANIC', 'a');
    expect(queryDatabase(url, "select source from contact_funnel where contact_id = 'a'")).toEqual([{ source: 'ORGANIC' }]);
    await setEmail(db, undefined, 'a');
    expect(queryDatabase(url, "select source from contact_funnel where contact_id = 'a'")).toEqual([{ source: null }]);
  });
});
