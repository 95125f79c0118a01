import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FullReport } from '../../src/report/load-report';
import { SANDBOX_FORMS } from '../../src/sandbox/seed-portal';
import { waitFor } from '../helpers/start-test-app';
import { startSandboxPair, type SandboxPair } from '../helpers/start-sandbox-pair';
import { testClock } from '../helpers/test-clock';
import { waitUntilPairSettled } from '../helpers/wait-until-pair-settled';

const CLI = path.resolve(__dirname, '../../dist/cli/leadloop.js');

/**
 * Issue 17, "Revenue and return by source": a deal won in the sandbox is revenue on its contact's source, drill-down,
 * form and campaign; a cost file imported from CSV turns into cost per MQL, per customer and revenue ÷ cost; sales'
 * rejection reasons and accepted leads' outcomes show per source.
 */
describe('e2e: revenue, return and sales feedback from what happened in the sandbox', () => {
  let pair: SandboxPair;
  const clock = testClock();
  const month = new Date(clock.start).toISOString().slice(0, 7);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-costs-'));
  const costsFile = path.join(dir, 'costs.json');
  let dealId = '';

  beforeAll(async () => {
    pair = await startSandboxPair({ now: clock.now }, { LEADLOOP_COSTS_CONFIG: costsFile });
    const { portal } = pair.sandbox;
    // A portal with a second currency: the deal is in EUR, the report in the company currency (USD) at 1.1.
    portal.exchangeRates.set('EUR', 1.1);
    portal.forms.push({ ...SANDBOX_FORMS.demoRequest });
    const submit = (fields: Record<string, string>) =>
      pair.hubspot('POST', `/submissions/v3/integration/submit/${portal.portalId}/${SANDBOX_FORMS.demoRequest.id}`, { fields: Object.entries(fields).map(([name, value]) => ({ name, value })) }, false);
    const buyer = { jobtitle: 'Chief Revenue Officer', numemployees: '1000+', industry: 'Internet', country: 'Canada' };
    await submit({ email: 'pat@juniper.example', company: 'Juniper Cloud', hs_analytics_source: 'PAID_SEARCH', hs_analytics_source_data_1: 'spring-launch', ...buyer });
    await submit({ email: 'bo@gridline.example', company: 'Gridline', hs_analytics_source: 'ORGANIC_SEARCH', ...buyer });
    const contact = (email: string) => portal.contactByEmail(email)!;
    await waitFor(() => ['pat@juniper.example', 'bo@gridline.example'].every((e) => contact(e)?.properties.lifecyclestage === 'marketingqualifiedlead'), 8000, 'two MQLs');
    // Sales rejects Bo, with the reason the rules call a rejection.
    await pair.hubspot('PATCH', `/crm/v3/objects/contacts/${contact('bo@gridline.example').id}`, { properties: { hs_lead_status: 'UNQUALIFIED' } });
    await waitFor(() => pair.app.query('select 1 from contact_funnel where rejection_reason is not null').length === 1, 8000, 'Bo rejected');

    const deal = await pair.hubspot<{ id: string; properties: Record<string, string> }>('POST', '/crm/v3/objects/deals', {
      properties: { dealname: 'Juniper Cloud — annual', amount: '48000', deal_currency_code: 'EUR', pipeline: 'default', dealstage: 'appointmentscheduled' },
      associations: [{ to: { id: contact('pat@juniper.example').id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 3 }] }],
    });
    expect(deal.status).toBe(201);
    dealId = deal.body.id;
    await waitFor(() => contact('pat@juniper.example').properties.lifecyclestage === 'opportunity', 8000, 'opportunity');
    await pair.hubspot('PATCH', `/crm/v3/objects/deals/${dealId}`, { properties: { dealstage: 'closedwon' } });
    await waitFor(() => contact('pat@juniper.example').properties.lifecyclestage === 'customer', 8000, 'customer');
    await waitFor(() => pair.app.query("select 1 from deal_outcomes where outcome = 'won'").length === 1, 5000, 'the won deal recorded');
  });
  afterAll(async () => {
    await waitUntilPairSettled(pair);
    await pair.close();
  });

  const get = (p: string) => fetch(`${pair.app.url}${p}`, { headers: { Authorization: `Bearer ${pair.app.adminToken}` } });
  const report = async (query = '') => (await (await get(`/api/report?month=${month}${query}`)).json()) as FullReport;

  it('the sandbox keeps the deal as HubSpot would: currency, amount in the company currency, close date', () => {
    const p = pair.sandbox.portal.get('deals', dealId).properties;
    expect(p).toMatchObject({ amount: '48000', deal_currency_code: 'EUR', amount_in_home_currency: '52800', hs_is_closed_won: 'true' });
    expect(Date.parse(p.closedate!)).toBeGreaterThanOrEqual(clock.start);
  });

  it('credits the won deal (in the company currency) to its contact’s source, drill-down, form and campaign, as a win of the period and of its MQL cohort', async () => {
    const r = await report();
    expect(r.revenue.model).toBe('firstTouch');
    for (const view of [r.revenue.wins, r.revenue.cohort]) {
      expect(view.deals).toBe(1);
      expect(view.bySource).toEqual([expect.objectContaining({ key: 'PAID_SEARCH', revenue: 52_800, dealsWon: 1, averageDealValue: 52_800 })]);
      expect(view.bySourceDetail.map((s) => [s.key, s.revenue])).toEqual([['PAID_SEARCH / spring-launch', 52_800]]);
      expect(view.byForm.map((s) => [s.key, s.revenue])).toEqual([['Demo request', 52_800]]);
      expect(view.byCampaign.map((s) => [s.key, s.revenue])).toEqual([['spring-launch', 52_800]]);
      expect(view.total.medianDaysMqlToWon).not.toBeNull();
    }
  });

  it('shows sales’ rejection reasons and the accepted leads’ outcomes per source', async () => {
    const r = await report();
    expect(r.salesFeedback.bySource.find((f) => f.key === 'ORGANIC_SEARCH')).toMatchObject({ mqls: 1, rejected: 1, reasons: [{ reason: 'UNQUALIFIED', count: 1 }], accepted: 0 });
    expect(r.salesFeedback.bySource.find((f) => f.key === 'PAID_SEARCH')).toMatchObject({ mqls: 1, rejected: 0, accepted: 1, outcomes: { won: 1, lost: 0, open: 0 } });
  });

  it('without costs the return is unknown (null), never 0; a CSV of costs imported turns into cost per MQL and return', async () => {
    const before = await report();
    expect(before.revenue.return.costsGiven).toBe(false);
    expect(before.revenue.return.bySource.find((s) => s.key === 'PAID_SEARCH')).toMatchObject({ cost: null, costPerMql: null, costPerCustomer: null, revenueOverCost: null });

    const csv = path.join(dir, 'costs.csv');
    fs.writeFileSync(csv, `month,source,campaign,amount\n${month},PAID_SEARCH,,"1,200"\n${month},,spring-launch,400\n`);
    const cli = (...args: string[]) => execFileSync(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH, LEADLOOP_COSTS_CONFIG: costsFile }, encoding: 'utf8' });
    expect(cli('costs', 'import', csv, '--dry-run')).toMatch(/2 cost\(s\) would be added/);
    expect(fs.existsSync(costsFile)).toBe(false);
    expect(cli('costs', 'import', csv)).toMatch(/2 cost\(s\) added and 0 replaced/);

    const r = await report();
    expect(r.revenue.return.costsGiven).toBe(true);
    // PAID_SEARCH: 1 MQL, 1 customer, 52,800 of revenue for 1,200.
    expect(r.revenue.return.bySource.find((s) => s.key === 'PAID_SEARCH')).toEqual({ key: 'PAID_SEARCH', cost: 1_200, mqls: 1, costPerMql: 1_200, customers: 1, costPerCustomer: 1_200, revenue: 52_800, revenueOverCost: 44 });
    expect(r.revenue.return.bySource.find((s) => s.key === 'ORGANIC_SEARCH')).toMatchObject({ cost: null, mqls: 1, costPerMql: null, revenueOverCost: null });
    expect(r.revenue.return.byCampaign.find((s) => s.key === 'spring-launch')).toMatchObject({ cost: 400, costPerMql: 400, revenueOverCost: 132 });

    const text = await (await get(`/api/report.csv?month=${month}`)).text();
    expect(text).toContain('return by source,PAID_SEARCH,cost per MQL,1200');
    expect(text).toContain('return by source,ORGANIC_SEARCH,cost per MQL,\n');
    expect(text).toContain('"revenue by source, wins in period",PAID_SEARCH,revenue,52800');
    expect(text).toContain('rejection reasons by source,ORGANIC_SEARCH,UNQUALIFIED,1');
  });

  it('another attribution model is a query away, and a bad one is refused naming the field', async () => {
    expect((await report('&attribution=linear')).revenue.model).toBe('linear');
    const bad = await get(`/api/report?month=${month}&attribution=lastClick`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { details: Array<{ field: string }> } }).error.details.map((d) => d.field)).toEqual(['attribution']);
  });

  // Last: it changes the deal. Sales agree a discount after the win and correct the amount in HubSpot; the
  // deal.propertyChange for amount reaches leadloop, which reads the won deal's money again.
  it('follows a won deal’s amount corrected after the win', async () => {
    const closedAt = pair.app.query<{ closed_at: number }>('select closed_at from deal_outcomes where deal_id = ?', dealId)[0]!.closed_at;
    expect((await pair.hubspot('PATCH', `/crm/v3/objects/deals/${dealId}`, { properties: { amount: '40000' } })).status).toBe(200);
    await waitFor(() => pair.app.query<{ amount: number }>('select amount from deal_outcomes where deal_id = ?', dealId)[0]!.amount === 40_000, 8000, 'the new amount recorded');
    // 40,000 EUR at 1.1 in the company currency; the win stays where it was in time.
    const r = await report();
    expect(r.revenue.wins.bySource).toEqual([expect.objectContaining({ key: 'PAID_SEARCH', revenue: 44_000, dealsWon: 1 })]);
    expect(pair.app.query<{ closed_at: number }>('select closed_at from deal_outcomes where deal_id = ?', dealId)[0]!.closed_at).toBe(closedAt);
  });
});
