import { SANDBOX_FORMS, seededRandom } from '../../src/sandbox/seed-portal';
import { waitFor } from '../helpers/start-test-app';
import { startSandboxPair, type SandboxPair } from '../helpers/start-sandbox-pair';

describe('e2e: a burst with 429s, API errors, duplicate and out-of-order webhooks', () => {
  let pair: SandboxPair;
  afterEach(async () => {
    await pair.close();
  });

  it('still ends with every contact correct and no duplicate note', async () => {
    pair = await startSandboxPair({ faults: { rateLimitPer10s: 8, duplicateRate: 0.5, outOfOrder: true, errorRate: 0.1 }, random: seededRandom(7) });
    const n = 25;
    const emails = Array.from({ length: n }, (_, i) => `buyer${i}@fathomlabs.example`);
    for (const email of emails) {
      const fields = { email, jobtitle: 'VP Sales', company: 'Fathom Labs', numberofemployees: '900', industry: 'INTERNET', country: 'Canada' };
      const r = await pair.hubspot('POST', `/submissions/v3/integration/submit/${pair.sandbox.portal.portalId}/${SANDBOX_FORMS.demoRequest.id}`, { fields: Object.entries(fields).map(([name, value]) => ({ name, value })) }, false);
      expect(r.status).toBe(200);
    }
    const portal = pair.sandbox.portal;
    const contacts = () => emails.map((e) => portal.contactByEmail(e)!);
    await waitFor(() => contacts().every((c) => c.properties.lifecyclestage === 'marketingqualifiedlead'), 60_000, 'every contact an MQL');
    await waitFor(() => contacts().every((c) => portal.associated('contacts', c.id, 'notes').length >= 1), 60_000, 'every contact a note');
    await pair.sandbox.dispatcher.idle();
    await new Promise((r) => setTimeout(r, 500));

    for (const c of contacts()) {
      expect(portal.associated('contacts', c.id, 'notes')).toHaveLength(1);
      expect(Number(c.properties.leadloop_score)).toBeGreaterThanOrEqual(70);
    }
    // The faults really happened: duplicates were delivered and the API said 429 at least once.
    expect(pair.sandbox.dispatcher.stats.duplicated).toBeGreaterThan(0);
    expect(pair.sandbox.apiStats.rateLimited).toBeGreaterThan(0);
    expect(pair.sandbox.apiStats.injectedErrors).toBeGreaterThan(0);
  }, 90_000);
});
