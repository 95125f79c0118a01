import { createStore } from '../../../src/store/create-store';
import type { FunnelFacts } from '../../../src/store/report-store-port';
import type { Store } from '../../../src/store/store-port';
import { queryDatabase, testDatabaseUrl } from '../../helpers/test-database';

/**
 * recordFunnel merges each decision's facts into the contact's funnel row, in one upsert (the merge in SQL). What
 * each column keeps: the first time a stage was reached, the first form, the newest known source; a rejection keeps
 * its first time and is cleared when the lead is no longer rejected; the contact's keys are the latest.
 */
describe('recordFunnel: what a contact’s funnel row keeps across decisions', () => {
  let url: string;
  let store: Store;
  beforeEach(async () => {
    url = testDatabaseUrl();
    store = await createStore(url);
  });
  afterEach(() => store.close());

  const facts = (stage: string, at: number, more: Partial<FunnelFacts> = {}): FunnelFacts => ({ stage, at, source: null, campaign: null, firstForm: null, rejected: false, emailKey: null, nameKey: null, displayName: null, ...more });
  const row = (contactId = 'c1', portalId = 9) =>
    queryDatabase<Record<string, unknown>>(url, 'select * from contact_funnel where portal_id = ? and contact_id = ?', portalId, contactId).map((r) =>
      Object.fromEntries(Object.entries(r).map(([k, v]) => [k, k.endsWith('_at') && v !== null ? Number(v) : v])),
    );

  it('a first decision writes every fact, stages up to its own reached at its time', async () => {
    await store.recordFunnel(9, 'c1', facts('marketingqualifiedlead', 1000, { source: 'ORGANIC_SEARCH', campaign: 'spring', firstForm: 'Demo', emailKey: 'a@b.example', nameKey: 'ann|b.example', displayName: 'Ann', sourceDetail: 'google' }));
    expect(row()).toEqual([
      expect.objectContaining({ source: 'ORGANIC_SEARCH', campaign: 'spring', first_form: 'Demo', email_key: 'a@b.example', name_key: 'ann|b.example', display_name: 'Ann', source_detail: 'google', lead_at: 1000, mql_at: 1000, sql_at: null, opportunity_at: null, customer_at: null, rejected_at: null, rejection_reason: null, updated_at: 1000 }),
    ]);
  });

  it('keeps first times and the first form; the newest source, campaign and detail win, an unknown one keeps the old', async () => {
    await store.recordFunnel(9, 'c1', facts('lead', 1000, { source: 'PAID_SEARCH', campaign: 'spring', firstForm: 'Demo', sourceDetail: 'adwords' }));
    await store.recordFunnel(9, 'c1', facts('salesqualifiedlead', 2000, { source: 'REFERRALS', firstForm: 'Newsletter' }));
    await store.recordFunnel(9, 'c1', facts('lead', 3000, { emailKey: 'new@b.example', displayName: 'New' }));
    expect(row()).toEqual([
      expect.objectContaining({ source: 'REFERRALS', campaign: 'spring', first_form: 'Demo', source_detail: 'adwords', lead_at: 1000, mql_at: 2000, sql_at: 2000, opportunity_at: null, email_key: 'new@b.example', display_name: 'New', updated_at: 3000 }),
    ]);
  });

  it('a rejection keeps its first time and its newest reason, and is cleared when the lead is no longer rejected', async () => {
    await store.recordFunnel(9, 'c1', facts('marketingqualifiedlead', 1000));
    await store.recordFunnel(9, 'c1', facts('marketingqualifiedlead', 2000, { rejected: true, rejectionReason: 'UNQUALIFIED' }));
    await store.recordFunnel(9, 'c1', facts('marketingqualifiedlead', 3000, { rejected: true, rejectionReason: 'BAD_TIMING' }));
    expect(row()[0]).toMatchObject({ rejected_at: 2000, rejection_reason: 'BAD_TIMING' });
    await store.recordFunnel(9, 'c1', facts('marketingqualifiedlead', 4000, { rejected: true }));
    expect(row()[0]).toMatchObject({ rejected_at: 2000, rejection_reason: 'BAD_TIMING' });
    await store.recordFunnel(9, 'c1', facts('salesqualifiedlead', 5000));
    expect(row()[0]).toMatchObject({ rejected_at: null, rejection_reason: null, sql_at: 5000, mql_at: 1000 });
    await store.recordFunnel(9, 'c1', facts('salesqualifiedlead', 6000, { rejected: true }));
    expect(row()[0]).toMatchObject({ rejected_at: 6000, rejection_reason: null });
  });

  it('a stage outside the funnel (subscriber, an unknown one) reaches nothing; evangelist counts as customer', async () => {
    await store.recordFunnel(9, 'c1', facts('subscriber', 1000));
    await store.recordFunnel(9, 'c2', facts('somecustomstage', 1000));
    await store.recordFunnel(9, 'c3', facts('evangelist', 1000));
    for (const id of ['c1', 'c2']) expect(row(id)[0]).toMatchObject({ lead_at: null, mql_at: null, customer_at: null });
    expect(row('c3')[0]).toMatchObject({ lead_at: 1000, opportunity_at: 1000, customer_at: 1000 });
  });

  it('keeps contacts and portals apart', async () => {
    await store.recordFunnel(9, 'c1', facts('lead', 1000, { firstForm: 'Demo' }));
    await store.recordFunnel(8, 'c1', facts('customer', 2000, { firstForm: 'Other' }));
    await store.recordFunnel(9, 'c2', facts('customer', 3000));
    expect(row('c1', 9)[0]).toMatchObject({ first_form: 'Demo', lead_at: 1000, customer_at: null });
    expect(row('c1', 8)[0]).toMatchObject({ first_form: 'Other', lead_at: 2000, customer_at: 2000 });
  });
});
