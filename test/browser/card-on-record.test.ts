/// <reference lib="dom" />
import { chromiumPath, browserClock } from '../helpers/browser';
import fs from 'node:fs';
import path from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { SANDBOX_FORMS } from '../../src/sandbox/seed-portal';
import { waitFor } from '../helpers/start-test-app';
import { startSandboxPair, type SandboxPair } from '../helpers/start-sandbox-pair';
import { testClock } from '../helpers/test-clock';
import { waitUntilPairSettled } from '../helpers/wait-until-pair-settled';

// The card on the sandbox's contact record, in a real browser (Chromium): the sandbox hosts the card as HubSpot does
// and signs its fetches; leadloop verifies them. The screenshot is what the README shows.
const chromium = chromiumPath();
const BUNDLE = path.resolve(__dirname, '../../dist/card-host/card.js');
const SCREENSHOT = path.resolve(__dirname, '../../test-artifacts/card-on-record.png');

// Tuesday 17 Nov 2026, 10:00 in New York, for the sandbox, leadloop and the page alike (config/sla.json's hours).
const clock = testClock(Date.parse('2026-11-17T15:00:00Z'));

describe('the leadloop card on a contact record, in a browser', () => {
  let pair: SandboxPair;
  let browser: Browser;
  let contactId: string;
  beforeAll(async () => {
    if (!fs.existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run npm run build:card-host (npm run test:browser does)`);
    pair = await startSandboxPair({ now: clock.now, cardBundlePath: BUNDLE });
    const portalId = pair.sandbox.portal.portalId;
    const fields = { email: 'dana.director@meridian.example', firstname: 'Dana', lastname: 'Director', jobtitle: 'Director of Marketing', company: 'Meridian Software', numemployees: '100-500', industry: 'Software', country: 'United States' };
    await pair.hubspot('POST', `/submissions/v3/integration/submit/${portalId}/${SANDBOX_FORMS.demoRequest.id}`, { fields: Object.entries(fields).map(([name, value]) => ({ name, value })) }, false);
    await waitFor(() => pair.sandbox.portal.contactByEmail(fields.email)?.properties.lifecyclestage === 'marketingqualifiedlead', 8000, 'MQL written');
    await waitUntilPairSettled(pair);
    contactId = pair.sandbox.portal.contactByEmail(fields.email)!.id;
    browser = await puppeteer.launch({ executablePath: chromium, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await pair?.close();
  });

  it('renders the score, the reasons and the SLA clock from signed fetches, re-scores on click, and is saved as a screenshot', async () => {
    const page = await browser.newPage();
    await page.evaluateOnNewDocument(browserClock(clock.start));
    await page.setViewport({ width: 1100, height: 900 });
    await page.goto(`${pair.sandbox.url}/harness/contacts/${contactId}`, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('[data-hs="StatisticsItem"]', { timeout: 10_000 });

    const stats = await page.$$eval('[data-hs="StatisticsItem"]', (items) => items.map((i) => i.textContent));
    const written = pair.sandbox.portal.contactByEmail('dana.director@meridian.example')!.properties;
    expect(stats[0]).toBe(`Score${written.leadloop_score}`);
    const text = await page.$eval('#card', (c) => c.textContent ?? '');
    expect(text).toContain('Ready to buy × target profile: Promote to MQL and hand to sales');
    expect(text).toMatch(/Requested|demo/i);
    // 24 business hours (09:00–17:00, Mon–Fri) from Tuesday 10:00 end on Friday 10:00: three days of wall time.
    expect(await page.$eval('[data-hs="Tag"]', (t) => t.textContent)).toMatch(/^First touch due in (3d 0h|2d 23h)$/);
    expect(text).toMatch(/Fri 20 Nov, 10:00 \(America\/New_York\), (24h 0m|23h 59m) of working time left/);
    expect(text).toContain('Next: reminder 4h before the deadline to the owner, Thu 19 Nov, 14:00.');
    expect(text).toContain('Lead → MQL, today');
    fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    // The POST is signed over its body too; leadloop answers the fresh card.
    const reads = pair.sandbox.apiStats.calls;
    await page.click('[data-hs="Button"][data-variant="primary"]');
    await page.waitForFunction(() => document.querySelector('[data-hs="Button"][data-variant="primary"]')?.textContent === 'Re-score now' && !document.querySelector('[role="alert"]'), { timeout: 10_000 });
    expect(pair.sandbox.apiStats.calls).toBeGreaterThan(reads); // the contact was read again from HubSpot
    expect(await page.$('[role="alert"]')).toBeNull();
  });

  it('tells a portal leadloop does not serve that it is not connected', async () => {
    // Another portal's HubSpot: same app secret, another account id.
    const other = await import('../../src/sandbox/start-sandbox').then((m) => m.startSandbox({ clientId: 'sandbox-client', clientSecret: 'test-client-secret-0123456789', privateToken: 'x', portalId: 55_555_555, cardBundlePath: BUNDLE, targetUrl: `${pair.app.url}/webhooks/hubspot`, now: clock.now }));
    try {
      const page = await browser.newPage();
      await page.goto(`${other.url}/harness/contacts/${contactId}`, { waitUntil: 'domcontentloaded' });
      await page.waitForSelector('[data-hs="Alert"]', { timeout: 10_000 });
      expect(await page.$eval('[data-hs="Alert"] strong', (s) => s.textContent)).toBe('This HubSpot account is not connected to leadloop');
      expect(await page.$('[data-hs="StatisticsItem"]')).toBeNull();
    } finally {
      await other.close();
    }
  });
});
