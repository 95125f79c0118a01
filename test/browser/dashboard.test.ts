/// <reference lib="dom" />
import { chromiumPath, browserClock } from '../helpers/browser';
import puppeteer, { type Browser } from 'puppeteer-core';
import { startTestApp, type TestApp } from '../helpers/start-test-app';
import { testClock } from '../helpers/test-clock';
import { seedReportHistory } from '../../src/bench/seed-report-history';

// A real browser (Chromium) on the real dashboard, over a year of history for 100,000 contacts.
const chromium = chromiumPath();

// "Today" for the server, the seeded history and the browser alike: a fixed day late in a month (the page shows
// this month), never the real date, on which the month's first hours would have almost no data.
const clock = testClock(Date.parse('2026-11-27T15:00:00Z'));


describe('the dashboard in a browser', () => {
  let app: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    app = await startTestApp({ LOG_LEVEL: 'warn', LEADLOOP_SANDBOX: '0', LEADLOOP_COSTS_CONFIG: 'test-artifacts/no-costs.json' }, { scheduleSlaAudit: false, now: clock.now });
    await seedReportHistory(app.store, 100_000, clock.start);
    browser = await puppeteer.launch({ executablePath: chromium, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('loads a year of data for 100,000 contacts, charts drawn and tables filled (its load time printed)', async () => {
    const page = await browser.newPage();
    await page.evaluateOnNewDocument(browserClock(clock.start));
    await page.setViewport({ width: 1366, height: 768 }); // a laptop screen
    // Signs in as the link `npm start` prints does: /login?token= sets the session cookie and redirects to `/`.
    await page.goto(`${app.url}/login?token=${app.adminToken}`, { waitUntil: 'domcontentloaded' });
    expect(new URL(page.url()).pathname).toBe('/');
    // Warm-up visit (the browser's and SQLite's first-use costs), finished before the measured one starts.
    await page.goto(`${app.url}/`, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('body[data-loaded="true"]', { timeout: 10_000 });
    await page.goto(`${app.url}/`, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('body[data-loaded="true"]', { timeout: 10_000 });
    // The page showed the month of the test's "today", not of the real date.
    expect(await page.$eval('#month', (e) => (e as HTMLInputElement).value)).toBe('2026-11');
    expect(await page.$eval('#status', (e) => e.textContent)).toMatch(/^2026-11-01 to 2026-12-01/);
    // How fast it was is a measurement, printed for people and benchmarks, not a pass or fail: a shared CI machine's
    // speed is not the dashboard's behaviour. The figure is the browser's own performance timing, from the start of
    // the navigation to charts drawn (the harness's round trips aside); the page must have recorded it.
    const readyAt = Number(await page.$eval('body', (b) => b.dataset.readyAt));
    console.log(`dashboard ready ${readyAt} ms after navigation start (the browser's performance.now(); ${await page.$eval('#status', (e) => e.textContent)})`);
    expect(readyAt).toBeGreaterThan(0);

    // Charts: every canvas has pixels drawn and an accessible description carrying the numbers.
    const canvases = await page.$$eval('canvas', (cs) =>
      cs.map((c) => {
        const ctx = (c as HTMLCanvasElement).getContext('2d')!;
        const { width, height } = c as HTMLCanvasElement;
        const data = ctx.getImageData(0, 0, width, height).data;
        let inked = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) inked++;
        return { id: c.id, role: c.getAttribute('role'), label: c.getAttribute('aria-label') ?? '', inked };
      }),
    );
    expect(canvases.map((c) => c.id).sort()).toEqual(['chart-funnel', 'chart-mqls', 'chart-overdue', 'chart-sla']);
    for (const c of canvases) {
      expect(c.role).toBe('img');
      expect(c.inked).toBeGreaterThan(500);
      expect(c.label).toMatch(/\d/);
    }
    const mqls = Number(await page.$eval('#kpi-mqls', (e) => e.textContent));
    expect(mqls).toBeGreaterThan(1000);
    expect(await page.$$eval('#quality-source tbody tr', (rows) => rows.length)).toBe(6);
    expect(await page.$$eval('#duplicates tbody tr', (rows) => rows.length)).toBeGreaterThan(10);
    // Revenue and return (issue 17): the model named, sales' feedback per source, and without a costs file the
    // return's cost cells are "—", never 0.
    expect(await page.$eval('#revenue-model', (e) => e.textContent)).toMatch(/^Credited by first touch/);
    expect(await page.$$eval('#feedback-source tbody tr', (rows) => rows.length)).toBe(6);
    expect(await page.$eval('#return-note', (e) => (e as HTMLElement).hidden)).toBe(false);
    expect(await page.$$eval('#return-source tbody tr td:nth-child(2)', (cells) => [...new Set(cells.map((c) => c.textContent))])).toEqual(['—']);

    // Every form control has a label a screen reader can announce.
    const unlabeled = await page.$$eval('input, select', (els) => els.filter((e) => !(e as HTMLInputElement).labels?.length).map((e) => e.outerHTML));
    expect(unlabeled).toEqual([]);
    await page.close();
  }, 60_000);

  it('works the contract out from a revenue target typed in', async () => {
    const page = await browser.newPage();
    await page.evaluateOnNewDocument(browserClock(clock.start));
    await page.goto(`${app.url}/`);
    await page.waitForSelector('body[data-loaded="true"]');
    await page.type('input[name="revenue"]', '500000');
    await page.type('input[name="dealValue"]', '25000');
    await page.type('input[name="leadToOpp"]', '0.2');
    await page.type('input[name="oppToCustomer"]', '0.25');
    await page.click('#calculator button');
    await page.waitForFunction(() => /MQLs a month/.test(document.getElementById('calc-result')?.textContent ?? ''));
    expect(await page.$eval('#calc-result', (e) => e.textContent)).toMatch(/20 deals, 80 opportunities and 400 MQLs a month; 200 more MQLs than the commitment of 200/);
    expect(await page.$eval('#csv', (a) => a.getAttribute('href'))).toContain('revenue=500000');
    await page.close();
  }, 30_000);

});
