import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { FullReport } from '../../src/report/load-report';
import { SANDBOX_FORMS, SANDBOX_OWNERS } from '../../src/sandbox/seed-portal';
import { waitFor } from '../helpers/start-test-app';
import { startSandboxPair, type SandboxPair } from '../helpers/start-sandbox-pair';
import { testClock } from '../helpers/test-clock';

const CLI = path.resolve(__dirname, '../../dist/cli/leadloop.js');

describe('e2e: the closed-loop report from what happened in the sandbox', () => {
  let pair: SandboxPair;
  // Everything happens at the test's "today" (LEADLOOP_TEST_NOW or a fixed date), never the real one: the report
  // is asked for that month by name, so a run at the end of a month cannot look at the next one.
  const clock = testClock();
  const month = new Date(clock.start).toISOString().slice(0, 7);
  beforeAll(async () => {
    pair = await startSandboxPair({ now: clock.now });
    const { portal } = pair.sandbox;
    portal.owners.push(...SANDBOX_OWNERS.map((o) => ({ ...o, archived: false })));
    portal.forms.push({ ...SANDBOX_FORMS.demoRequest }, { ...SANDBOX_FORMS.contentDownload });
    const submit = (form: string, fields: Record<string, string>) =>
      pair.hubspot('POST', `/submissions/v3/integration/submit/${portal.portalId}/${form}`, { fields: Object.entries(fields).map(([name, value]) => ({ name, value })) }, false);
    const buyer = { jobtitle: 'VP Marketing', numemployees: '100-500', industry: 'Software', country: 'United States' };
    await submit(SANDBOX_FORMS.demoRequest.id, { email: 'ann.lee@orbitworks.example', firstname: 'Ann', lastname: 'Lee', company: 'Orbit Works', hs_analytics_source: 'ORGANIC_SEARCH', ...buyer });
    await submit(SANDBOX_FORMS.demoRequest.id, { email: 'bo@gridline.example', firstname: 'Bo', lastname: 'Park', company: 'Gridline', hs_analytics_source: 'ORGANIC_SEARCH', ...buyer });
    await submit(SANDBOX_FORMS.demoRequest.id, { email: 'cy@helio.example', firstname: 'Cy', lastname: 'Ode', company: 'Helio', hs_analytics_source: 'PAID_SEARCH', ...buyer });
    await submit(SANDBOX_FORMS.contentDownload.id, { email: 'ann.lee+ebook@orbitworks.example', firstname: 'Ann', lastname: 'Lee', company: 'Orbit Works', hs_analytics_source: 'SOCIAL_MEDIA', jobtitle: 'Student', numemployees: '1-5' });
    const id = (email: string) => portal.contactByEmail(email)?.id;
    await waitFor(() => ['ann.lee@orbitworks.example', 'bo@gridline.example', 'cy@helio.example'].every((e) => portal.contactByEmail(e)?.properties.lifecyclestage === 'marketingqualifiedlead'), 8000, 'three MQLs');
    // Sales accepts Ann and rejects Bo.
    await pair.hubspot('PATCH', `/crm/v3/objects/contacts/${id('ann.lee@orbitworks.example')}`, { properties: { hs_lead_status: 'CONNECTED' } });
    await pair.hubspot('PATCH', `/crm/v3/objects/contacts/${id('bo@gridline.example')}`, { properties: { hs_lead_status: 'UNQUALIFIED' } });
    await waitFor(() => portal.contactByEmail('ann.lee@orbitworks.example')?.properties.lifecyclestage === 'salesqualifiedlead', 8000, 'Ann an SQL');
    await waitFor(() => pair.app.query("select 1 from contact_funnel where rejected_at is not null").length === 1, 8000, 'Bo rejected');
    // Every contact decided (the student too) and Ann's acceptance recorded, before anything is asserted.
    await waitFor(() => pair.app.query('select 1 from contact_funnel').length === 4 && pair.app.query('select 1 from contact_funnel where sql_at is not null').length === 1, 8000, 'all four in the funnel');
  });
  afterAll(() => pair.close());

  // One instant for every test that audits: ten days after the MQLs were made.
  let tenDaysOn = 0;
  const auditTenDaysOn = () => {
    tenDaysOn ||= clock.now() + 10 * 86_400_000;
    return pair.app.slaAudit.run(tenDaysOn);
  };

  // As a script reads it: the admin token as a bearer token (the report is never open without credentials).
  const get = (path: string) => fetch(`${pair.app.url}${path}`, { headers: { Authorization: `Bearer ${pair.app.adminToken}` } });
  const dbUrl = () => pair.app.databaseUrl;

  it('serves the report as JSON: MQLs, funnel by source, quality, duplicates', async () => {
    const res = await get(`/api/report?month=${month}`);
    expect(res.status).toBe(200);
    const r = (await res.json()) as FullReport;
    expect(r.contract.mqlsDelivered).toBe(3);
    expect(r.contract.firstTouchedInTime.of).toBe(3);
    expect(r.funnel.total.counts).toMatchObject({ lead: 4, mql: 3, sql: 1 });
    const organic = r.quality.bySource.find((q) => q.key === 'ORGANIC_SEARCH');
    expect(organic).toMatchObject({ mqls: 2, accepted: 1, rejected: 1 });
    expect(r.quality.byForm.find((q) => q.key === 'Demo request')).toMatchObject({ mqls: 3 });
    const dup = r.duplicates.find((d) => d.reason === 'email')!;
    expect(dup.key).toBe('ann.lee@orbitworks.example');
    expect(dup.contacts).toHaveLength(2);
  });

  it('names the owners who owe follow-ups right now', async () => {
    // Cy was neither accepted nor rejected: ten days on, the audit finds the lead overdue.
    await auditTenDaysOn();
    const r = (await (await get(`/api/report?month=${month}`)).json()) as FullReport;
    expect(r.contract.overdueNow).toHaveLength(1);
    const [o] = r.contract.overdueNow;
    const owner = SANDBOX_OWNERS.find((w) => w.id === o!.ownerId)!;
    expect(o).toEqual({ ownerId: owner.id, ownerName: `${owner.firstName} ${owner.lastName}`, overdue: 1 });
  });

  it('prints the same from the command line: report, sla list, sla audit --dry-run', async () => {
    // Its own audit (the same one the test above runs; running it again at that time sends nothing new).
    const audit = await auditTenDaysOn();
    expect(audit.skipped).toBe(false);
    const cli = (...args: string[]) => execFileSync(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH, DATABASE_URL: dbUrl() }, encoding: 'utf8' });
    const json = JSON.parse(cli('report', '--month', month, '--format', 'json')) as FullReport;
    expect(json.contract.mqlsDelivered).toBe(3);
    expect(cli('report', '--month', month)).toMatch(/MQLs delivered: 3/);
    expect(cli('report', '--month', month, '--format', 'csv').split('\n')[0]).toBe('section,group,metric,value');
    const overdue = cli('sla', 'list', '--overdue');
    expect(overdue).toMatch(/1 item\(s\)/);
    expect(overdue).toContain(pair.sandbox.portal.contactByEmail('cy@helio.example')!.id);
    // Already notified at that time: a dry run a day later finds nothing new, and sends nothing.
    const dry = cli('sla', 'audit', '--dry-run', '--at', new Date(tenDaysOn + 86_400_000).toISOString());
    expect(dry).toMatch(/0 notice\(s\) due \(dry run: nothing sent\)/);
    expect(() => cli('sla', 'audit', '--at', 'yesterday')).toThrow(/expected an ISO time/);
  });

  it('serves it as CSV', async () => {
    const res = await get(`/api/report.csv?month=${month}`);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const text = await res.text();
    expect(text.split('\n')[0]).toBe('section,group,metric,value');
    expect(text).toContain('contract,,MQLs delivered,3');
    expect(text).toContain('quality by source,ORGANIC_SEARCH,rejected share,0.5');
  });

  it('answers a bad query with 400, naming the field', async () => {
    const bad = await get('/api/report?month=2026-13&revenue=-5');
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { error: { code: string; details: Array<{ field: string }> } };
    expect(body.error.code).toBe('REPORT.BAD_QUERY');
    expect(body.error.details.map((d) => d.field).sort()).toEqual(['month', 'revenue']);
    const backwards = await get('/api/report?from=2026-11-10&to=2026-11-01');
    expect(backwards.status).toBe(400);
  });

  it('serves the dashboard and its charting library from the app itself', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<script defer src="/vendor/chart.umd.min.js"></script>');
    expect(html).not.toMatch(/https?:\/\/(cdn|unpkg|jsdelivr)/);
    const lib = await get('/vendor/chart.umd.min.js');
    expect(lib.status).toBe(200);
    expect((await lib.text()).length).toBeGreaterThan(100_000);
  });
});
