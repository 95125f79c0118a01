/// <reference lib="dom" />
import { chromiumPath } from '../helpers/browser';
import fs from 'node:fs';
import path from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { slaSchema } from '../../src/config/sla-schema';
import { seedReportHistory } from '../../src/bench/seed-report-history';
import { startTestApp, type TestApp } from '../helpers/start-test-app';

const chromium = chromiumPath();
const NOW = Date.parse('2026-12-01T15:00:00Z');
const sla = slaSchema.parse({ ...JSON.parse(fs.readFileSync(path.join(__dirname, '../../config/sla.json'), 'utf8')), target: { revenuePerMonth: 500000, averageDealValue: 25000 } });

/** The dashboard's month view printed: what a browser's "Save as PDF" of the monthly review gives. */
describe('the month view printed', () => {
  let app: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    app = await startTestApp({ LOG_LEVEL: 'warn', LEADLOOP_SANDBOX: '0' }, { sla, now: () => NOW, scheduleSlaAudit: false, scheduleReconcile: false, scheduleReview: false });
    await seedReportHistory(app.store, 5_000, NOW);
    // The commitment was raised on 16 November: November is judged in two parts.
    const v = (await app.store.contractVersions())[0]!;
    await app.store.recordContractVersion({ ...v, startsAt: Date.parse('2026-10-01T00:00:00Z'), recordedAt: NOW, author: 'ops', terms: { ...v.terms, monthlyMqlCommitment: 150 } });
    await app.store.recordContractVersion({ ...v, startsAt: Date.parse('2026-11-16T00:00:00Z'), recordedAt: NOW, author: 'ops', terms: { ...v.terms, monthlyMqlCommitment: 300 } });
    browser = await puppeteer.launch({ executablePath: chromium, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('prints the month without controls, sections whole, within an A4 page width, as a PDF', async () => {
    const page = await browser.newPage();
    await page.setViewport({ width: 1366, height: 900 });
    await page.goto(`${app.url}/login?token=${app.adminToken}`, { waitUntil: 'domcontentloaded' });
    await page.goto(`${app.url}/?month=2026-11`, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('body[data-loaded="true"]', { timeout: 10_000 });
    await page.waitForSelector('body[data-contract-loaded="true"]', { timeout: 10_000 });
    expect(await page.$eval('#month', (e) => (e as HTMLInputElement).value)).toBe('2026-11');
    // The month's parts, one per contract version in force, and the history with the proposal.
    expect(await page.$$eval('#contract-parts tbody tr', (rows) => rows.map((r) => r.children[2]!.textContent))).toEqual(['150', '300']);
    expect(await page.$$eval('#contract-history tbody tr', (rows) => rows.length)).toBe(3);
    expect(await page.$eval('#proposal', (e) => e.textContent)).toMatch(/^Proposal for 2027-01: \d+ MQLs a month \(now 200; delivered in 2026-11: /);

    const display = (sel: string) => page.$eval(sel, (e) => getComputedStyle(e).display);
    // On screen: the controls are there, the print title is not.
    expect(await display('#period')).not.toBe('none');
    expect(await display('#print-title')).toBe('none');

    await page.emulateMediaType('print');
    await page.setViewport({ width: 718, height: 1000 }); // A4's printable width at 96 dpi (210 mm less 2 × 12 mm)
    for (const sel of ['#period', '#calculator', '#status', '#dup-h']) expect([sel, await page.$eval(sel, (e) => ((e as HTMLElement).offsetParent === null ? 'hidden' : 'shown'))]).toEqual([sel, 'hidden']);
    expect(await display('#print-title')).toBe('block');
    expect(await page.$eval('#print-title', (e) => e.textContent)).toContain('2026-11');
    const sections = await page.$$eval('main section', (ss) => ss.filter((s) => getComputedStyle(s).display !== 'none').map((s) => getComputedStyle(s).breakInside));
    expect(sections.length).toBeGreaterThanOrEqual(4);
    expect(new Set(sections)).toEqual(new Set(['avoid']));
    // Nothing wider than the paper: no chart or table cut at the right edge.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(718);
    const wide = await page.$$eval('canvas, table', (els) => els.filter((e) => e.getBoundingClientRect().right > 718.5).map((e) => e.id));
    expect(wide).toEqual([]);

    const pdf = Buffer.from(await page.pdf({ format: 'A4', margin: { top: '12mm', bottom: '12mm', left: '12mm', right: '12mm' } }));
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    console.log(`month view printed: ${pages} A4 pages, ${pdf.length} bytes`);
    expect(pages).toBeGreaterThanOrEqual(1);
    expect(pages).toBeLessThanOrEqual(6);
    await page.close();
  }, 60_000);
});
