import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { slaSchema } from '../../../src/config/sla-schema';
import { startTestApp, type TestApp } from '../../helpers/start-test-app';

const t = (iso: string) => Date.parse(iso);
const slaA = slaSchema.parse(JSON.parse(fs.readFileSync(path.join(__dirname, '../../../config/sla.json'), 'utf8')));
const slaB = { ...slaA, monthlyMqlCommitment: 300 };

/** config/sla.json changed between two starts, in the middle of November: November is judged in two parts. */
describe('a commitment changed mid-month', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-contract-'));
  const env = { DATABASE_URL: `sqlite:${path.join(dir, 'l.sqlite')}`, LEADLOOP_DATA_DIR: dir, LEADLOOP_SANDBOX: '0', LOG_LEVEL: 'warn' };
  let app: TestApp | undefined;
  afterEach(async () => app?.close());
  const start = (sla: typeof slaA, at: string) => startTestApp(env, { sla, now: () => t(at), scheduleSlaAudit: false, scheduleReconcile: false, scheduleReview: false });

  it('splits the month in the report JSON and CSV, each part against the version in force', async () => {
    app = await start(slaA, '2026-11-02T12:00:00Z');
    const row = (id: number, mqlAt: string) => ({ portalId: 1, contactId: String(id), source: 'ORGANIC_SEARCH', campaign: null, firstForm: null, leadAt: t('2026-11-01T10:00:00Z'), mqlAt: t(mqlAt), sqlAt: null, opportunityAt: null, customerAt: null, rejectedAt: null, emailKey: null, nameKey: null, displayName: null });
    await app!.store.importFunnelRows([row(1, '2026-11-05T15:00:00Z'), row(2, '2026-11-20T15:00:00Z'), row(3, '2026-11-21T15:00:00Z')]);
    await app.close();
    // The file now says 300 a month; leadloop starts on 16 November at midnight UTC.
    app = await start(slaB, '2026-11-16T00:00:00Z');
    await app.close();
    // A start with the same file records nothing new.
    app = await start(slaB, '2026-11-17T00:00:00Z');
    expect(app!.query<{ n: number }>('select count(*) as n from contract_versions')[0]!.n).toBe(2);

    const get = (p: string) => fetch(`${app!.url}${p}`, { headers: { Authorization: `Bearer ${app!.adminToken}` } });
    const report = (await (await get('/api/report?month=2026-11')).json()) as { contract: { commitment: number; commitmentForPeriod: number; mqlsDelivered: number; terms: Array<Record<string, unknown>> } };
    // By hand: 1–16 Nov is 15 days at 200 a month (100 owed), 16 Nov–1 Dec 15 days at 300 (150 owed).
    expect(report.contract.terms.map((p) => [p.from, p.to, p.commitment, p.commitmentForSegment, p.mqlsDelivered])).toEqual([
      ['2026-11-01T00:00:00.000Z', '2026-11-16T00:00:00.000Z', 200, 100, 1],
      ['2026-11-16T00:00:00.000Z', '2026-12-01T00:00:00.000Z', 300, 150, 2],
    ]);
    expect(report.contract.commitmentForPeriod).toBe(250);
    expect(report.contract.commitment).toBe(300);
    expect(report.contract.mqlsDelivered).toBe(3);

    const csv = await (await get('/api/report.csv?month=2026-11')).text();
    expect(csv).toContain('contract version,2026-11-01 to 2026-11-16 (version 1 from 2026-11-02),commitment per month,200');
    expect(csv).toContain('contract version,2026-11-16 to 2026-12-01 (version 2 from 2026-11-16),commitment for part,150');
    // October, before any version was recorded, is one piece under the first version.
    const october = (await (await get('/api/report?month=2026-10')).json()) as { contract: { terms: unknown[]; commitmentForPeriod: number } };
    expect(october.contract.terms).toHaveLength(1);
    expect(october.contract.commitmentForPeriod).toBe(206.7); // 31 days at 200 per 30 days
  });
});
