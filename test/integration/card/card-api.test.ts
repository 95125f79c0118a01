import fs from 'node:fs';
import { SANDBOX_FORMS } from '../../../src/sandbox/seed-portal';
import type { CardPayload } from '../../../src/card/card-payload';
import { hubspotFetchHeaders } from '../../helpers/hubspot-signing';
import { waitFor } from '../../helpers/start-test-app';
import { startSandboxPair, type SandboxPair } from '../../helpers/start-sandbox-pair';
import { testClock } from '../../helpers/test-clock';
import { TEST_SECRET } from '../../helpers/test-config';
import { waitUntilPairSettled } from '../../helpers/wait-until-pair-settled';

// Tuesday 17 Nov 2026, 10:00 in New York: inside config/sla.json's working hours.
const clock = testClock(Date.parse('2026-11-17T15:00:00Z'));
const sla = JSON.parse(fs.readFileSync('config/sla.json', 'utf8')) as { attempts: { minimum: number }; calendar: { timeZone: string } };

describe('the card backend: GET/POST /api/contacts/:id/card, signed by HubSpot', () => {
  let pair: SandboxPair;
  let portalId: number;
  let danaId: string;

  beforeAll(async () => {
    pair = await startSandboxPair({ now: clock.now });
    portalId = pair.sandbox.portal.portalId;
    const fields = { email: 'dana.director@meridian.example', firstname: 'Dana', jobtitle: 'Director of Marketing', company: 'Meridian Software', numemployees: '100-500', industry: 'Software', country: 'United States' };
    await pair.hubspot('POST', `/submissions/v3/integration/submit/${portalId}/${SANDBOX_FORMS.demoRequest.id}`, { fields: Object.entries(fields).map(([name, value]) => ({ name, value })) }, false);
    await waitFor(() => pair.sandbox.portal.contactByEmail(fields.email)?.properties.lifecyclestage === 'marketingqualifiedlead', 8000, 'MQL written');
    await waitUntilPairSettled(pair);
    danaId = pair.sandbox.portal.contactByEmail(fields.email)!.id;
  }, 30_000);
  afterAll(async () => {
    await pair?.close();
  });

  /** The URL hubspot.fetch calls: the card's URL plus what HubSpot appends. */
  const cardUrl = (contactId: string, portal: number | number[] = portalId) =>
    `${pair.app.url}/api/contacts/${contactId}/card?${[portal].flat().map((p) => `portalId=${p}&`).join('')}userId=7001&userEmail=rep%40meridian.example&appId=54321`;
  const call = async (method: 'GET' | 'POST', url: string, headers: Record<string, string>, body?: string) => {
    const res = await fetch(url, { method, headers, ...(body === undefined ? {} : { body }) });
    return { status: res.status, body: (await res.json()) as CardPayload & { error?: { code: string } } };
  };
  const signedGet = (url: string, at = clock.now()) => call('GET', url, hubspotFetchHeaders(TEST_SECRET, 'GET', url, '', at));

  it("answers a signed request from the sandbox's portal with the contact's score, ledger and SLA clock", async () => {
    const { status, body } = await signedGet(cardUrl(danaId));
    expect(status).toBe(200);
    const written = pair.sandbox.portal.contactByEmail('dana.director@meridian.example')!.properties;
    expect(body.portalId).toBe(portalId);
    expect(body.contactId).toBe(danaId);
    // What leadloop wrote to HubSpot and what the card shows are the same decision.
    expect(body.scored!.score).toBe(Number(written.leadloop_score));
    expect(body.scored!.cell).toBe(written.leadloop_matrix_cell);
    expect(body.scored!.stage).toBe('marketingqualifiedlead');
    expect(body.scored!.stages[0]).toMatchObject({ to: 'marketingqualifiedlead' });
    expect(body.scored!.ledger.map((l) => l.description).join('\n')).toMatch(/demo/i);
    const points = body.scored!.ledger.map((l) => Math.abs(l.points));
    expect(points).toEqual([...points].sort((a, b) => b - a));
    expect(body.scored!.sla).toMatchObject({ status: 'open', attemptsMade: 0, attemptsRequired: sla.attempts.minimum, timeZone: sla.calendar.timeZone });
    expect(body.scored!.sla!.firstTouchDueAt).toBeGreaterThan(clock.start);
    expect(body.scored!.sla!.workingMsLeft).toBeGreaterThan(0);
  });

  it('gives each stage change the id HubSpot (the sandbox) gave the note leadloop wrote for it', async () => {
    // The note is confirmed in leadloop's store once HubSpot has answered its create (batched: allow for the window).
    const noteIdOnCard = async () => (await signedGet(cardUrl(danaId))).body.scored!.stages[0]?.noteId ?? null;
    await waitFor(async () => (await noteIdOnCard()) !== null, 8000, 'the note confirmed');
    const assoc = await pair.hubspot<{ results: Array<{ toObjectId: number }> }>('GET', `/crm/v4/objects/contacts/${danaId}/associations/notes`);
    expect(assoc.body.results).toHaveLength(1);
    const noteId = String(assoc.body.results[0]!.toObjectId);
    const { body } = await signedGet(cardUrl(danaId));
    expect(body.scored!.stages).toHaveLength(1);
    expect(body.scored!.stages[0]).toMatchObject({ to: 'marketingqualifiedlead', noteId });
    // The link's host is the portal's own UI domain, as its account details give it (EU accounts: app-eu1…).
    const account = await pair.hubspot<{ uiDomain: string }>('GET', '/account-info/v3/details');
    expect(body.uiDomain).toBe(account.body.uiDomain);
  });

  it('answers a contact leadloop never scored with scored: null (the card offers to score it)', async () => {
    const { status, body } = await signedGet(cardUrl('999000111'));
    expect({ status, body }).toEqual({ status: 200, body: { portalId, contactId: '999000111', scored: null, uiDomain: 'localhost' } });
  });

  it('refuses an unsigned request', async () => {
    const { status, body } = await call('GET', cardUrl(danaId), {});
    expect(status).toBe(401);
    expect(body.error!.code).toBe('CARD.MISSING_SIGNATURE');
    expect(body.scored).toBeUndefined();
  });

  it('refuses a request signed more than 5 minutes ago (a replay)', async () => {
    const { status, body } = await signedGet(cardUrl(danaId), clock.now() - 6 * 60_000);
    expect(status).toBe(401);
    expect(body.error!.code).toBe('CARD.STALE_TIMESTAMP');
  });

  it('refuses a request signed with another secret', async () => {
    const url = cardUrl(danaId);
    const { status, body } = await call('GET', url, hubspotFetchHeaders('not-the-app-secret', 'GET', url, '', clock.now()));
    expect(status).toBe(401);
    expect(body.error!.code).toBe('CARD.BAD_SIGNATURE');
  });

  it("refuses another portal's signed request, even for a contact id this portal has", async () => {
    const { status, body } = await signedGet(cardUrl(danaId, 55_555_555));
    expect(status).toBe(403);
    expect(body.error!.code).toBe('CARD.PORTAL_NOT_CONNECTED');
    expect(JSON.stringify(body)).not.toContain('leadloop_score');
    expect(body.scored).toBeUndefined();
  });

  it('refuses a signed URL whose portalId was changed afterwards', async () => {
    const signedFor = cardUrl(danaId, 55_555_555);
    const { status } = await call('GET', cardUrl(danaId), hubspotFetchHeaders(TEST_SECRET, 'GET', signedFor, '', clock.now()));
    expect(status).toBe(401);
  });

  it('refuses a URL carrying two portalIds (one added by the card itself)', async () => {
    const { status, body } = await signedGet(cardUrl(danaId, [55_555_555, portalId]));
    expect(status).toBe(400);
    expect(body.error!.code).toBe('CARD.NO_PORTAL');
  });

  it('POST re-reads the contact from HubSpot, decides again and answers the fresh card', async () => {
    // Webhooks stop reaching leadloop: only the card's re-score can learn of the change.
    pair.sandbox.setTargetUrl('http://127.0.0.1:9/webhooks/hubspot');
    const before = (await signedGet(cardUrl(danaId))).body.scored!;
    await pair.hubspot('PATCH', `/crm/v3/objects/contacts/${danaId}`, { properties: { jobtitle: 'Marketing Student', numemployees: '1-5' } });
    const stale = (await signedGet(cardUrl(danaId))).body.scored!;
    expect(stale.fitScore).toBe(before.fitScore);

    const url = cardUrl(danaId);
    const body = '{}';
    const { status, body: fresh } = await call('POST', url, hubspotFetchHeaders(TEST_SECRET, 'POST', url, body, clock.now()), body);
    expect(status).toBe(200);
    expect(fresh.scored!.fitScore).toBeLessThan(before.fitScore);
    // Written back to HubSpot too: the record's score is the card's.
    expect(Number(pair.sandbox.portal.contactByEmail('dana.director@meridian.example')!.properties.leadloop_score)).toBe(fresh.scored!.score);
  });
});

describe("the card's note links: pending, absent, another portal's", () => {
  // Dry run: leadloop decides and stores, but writes nothing to HubSpot, so this test alone decides what the store
  // holds about the contact's note.
  let pair: SandboxPair;
  let portalId: number;
  let eveId: string;
  let stageBefore: string;
  const OTHER_PORTAL = 55_555_555;

  beforeAll(async () => {
    pair = await startSandboxPair({ now: clock.now }, { LEADLOOP_DRY_RUN: '1' });
    portalId = pair.sandbox.portal.portalId;
    const fields = { email: 'eve.vp@northwind.example', firstname: 'Eve', jobtitle: 'VP of Marketing', company: 'Northwind', numemployees: '100-500', industry: 'Software', country: 'United States' };
    await pair.hubspot('POST', `/submissions/v3/integration/submit/${portalId}/${SANDBOX_FORMS.demoRequest.id}`, { fields: Object.entries(fields).map(([name, value]) => ({ name, value })) }, false);
    await waitFor(() => pair.sandbox.portal.contactByEmail(fields.email) !== undefined, 8000, 'contact created');
    eveId = pair.sandbox.portal.contactByEmail(fields.email)!.id;
    await waitFor(async () => (await pair.app.store.listDecisions(portalId, eveId)).some((d) => d.stageChanged), 8000, 'a stage change decided');
    await waitUntilPairSettled(pair);
    // Nothing written: HubSpot still shows the stage the write-back would have moved the contact from.
    stageBefore = pair.sandbox.portal.contactByEmail(fields.email)!.properties.lifecyclestage ?? '';
  }, 30_000);
  afterAll(async () => {
    await pair?.close();
  });

  const cardOf = async (contactId: string) => {
    const url = `${pair.app.url}/api/contacts/${contactId}/card?portalId=${portalId}&userId=7001&userEmail=rep%40northwind.example&appId=54321`;
    const res = await fetch(url, { headers: hubspotFetchHeaders(TEST_SECRET, 'GET', url, '', clock.now()) });
    expect(res.status).toBe(200);
    return ((await res.json()) as CardPayload).scored!;
  };
  // Written out by hand as the write-back records it: rows already stored carry this key, so it must not change.
  const keyIn = (portal: number) => `note:${portal}:${eveId}:${stageBefore || 'none'}>marketingqualifiedlead`;

  it('null when no note was written, null while pending, never another portal\'s note, the id once HubSpot confirmed it', async () => {
    expect(stageBefore).not.toBe('marketingqualifiedlead');
    const stageOf = async () => (await cardOf(eveId)).stages.find((s) => s.to === 'marketingqualifiedlead');
    expect(await stageOf()).toMatchObject({ noteId: null });

    const store = pair.app.store;
    expect(await store.beginCrmWrite(keyIn(portalId), portalId, eveId, 'note', clock.now(), '{}')).toBe('new');
    expect(await stageOf()).toMatchObject({ noteId: null });

    // The same contact id in another portal, its note confirmed: not this portal's contact, not this card's note.
    await store.beginCrmWrite(keyIn(OTHER_PORTAL), OTHER_PORTAL, eveId, 'note', clock.now(), '{}');
    await store.confirmCrmWrite(keyIn(OTHER_PORTAL), '9990001', clock.now());
    expect(await stageOf()).toMatchObject({ noteId: null });

    await store.confirmCrmWrite(keyIn(portalId), '4242', clock.now());
    expect(await stageOf()).toMatchObject({ noteId: '4242' });
  });
});
