import { SANDBOX_FORMS } from '../../src/sandbox/seed-portal';
import { waitFor } from '../helpers/start-test-app';
import { startSandboxPair, type SandboxPair } from '../helpers/start-sandbox-pair';
import { waitUntilPairSettled } from '../helpers/wait-until-pair-settled';

describe('e2e: a burst with 429s, API errors, duplicate and out-of-order webhooks', () => {
  let pair: SandboxPair;
  afterEach(async () => {
    await pair.close();
  });

  it('still ends with every contact correct and no duplicate note', async () => {
    pair = await startSandboxPair({ faults: { rateLimitPer10s: 6, rateLimitWindowMs: 1000, duplicateRate: 0.5, outOfOrder: true, errorRate: 0.2 }, faultSeed: 7 });
    const n = 25;
    const emails = Array.from({ length: n }, (_, i) => `buyer${i}@fathomlabs.example`);
    for (const email of emails) {
      const fields = { email, jobtitle: 'VP Sales', company: 'Fathom Labs', numemployees: '500-1000', industry: 'Internet', country: 'Canada' };
      const r = await pair.hubspot('POST', `/submissions/v3/integration/submit/${pair.sandbox.portal.portalId}/${SANDBOX_FORMS.demoRequest.id}`, { fields: Object.entries(fields).map(([name, value]) => ({ name, value })) }, false);
      expect(r.status).toBe(200);
    }
    const portal = pair.sandbox.portal;
    const contacts = () => emails.map((e) => portal.contactByEmail(e)!);
    // On a timeout, say which contacts lag and what leadloop knows of them: a failure here is a bug to read.
    const diagnose = (e: unknown) => {
      const lagging = contacts().filter((c) => c.properties.lifecyclestage !== 'marketingqualifiedlead');
      const known = lagging.map((c) => ({ id: c.id, stage: c.properties.lifecyclestage, activities: pair.app.query('select detail from contact_activities where contact_id = ?', c.id), events: pair.app.query('select subscription_type, property_name, property_value, status, last_error from webhook_events where object_id = ?', c.id) }));
      throw new Error(`${String(e)}\n${JSON.stringify(known, null, 1).slice(0, 6000)}\n${pair.app.logText().split('\n').filter((l) => /"level":"(warn|error)"/.test(l)).slice(0, 10).join('\n')}`);
    };
    await waitFor(() => contacts().every((c) => c.properties.lifecyclestage === 'marketingqualifiedlead'), 60_000, 'every contact an MQL').catch(diagnose);
    await waitFor(() => contacts().every((c) => portal.associated('contacts', c.id, 'notes').length >= 1), 60_000, 'every contact a note');
    // Every redelivery, retry and echo has been delivered and applied, and every note leadloop began is written.
    await waitUntilPairSettled(pair, 30_000);

    for (const c of contacts()) {
      expect(portal.associated('contacts', c.id, 'notes')).toHaveLength(1);
      expect(Number(c.properties.leadloop_score)).toBeGreaterThanOrEqual(70);
    }
    // leadloop began one note per contact, and confirmed each.
    const notesBegun = pair.app.query<{ contact_id: string; status: string }>("select contact_id, status from crm_writes where kind = 'note'");
    expect(notesBegun.map((w) => w.contact_id).sort()).toEqual(contacts().map((c) => c.id).sort());
    expect(notesBegun.every((w) => w.status === 'done')).toBe(true);
    // The faults really happened: duplicates were delivered and the API said 429 at least once.
    expect(pair.sandbox.dispatcher.stats.duplicated).toBeGreaterThan(0);
    const duplicatesSeen = /^leadloop_webhook_events_duplicate_total (\d+)$/m.exec(await (await fetch(`${pair.app.url}/metrics`, { headers: { Authorization: `Bearer ${pair.app.adminToken}` } })).text())?.[1];
    expect(Number(duplicatesSeen)).toBeGreaterThan(0);
    expect(pair.sandbox.apiStats.rateLimited).toBeGreaterThan(0);
    expect(pair.sandbox.apiStats.injectedErrors).toBeGreaterThan(0);
  }, 90_000);
});
