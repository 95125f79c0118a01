import { SANDBOX_FORMS } from '../../src/sandbox/seed-portal';
import { waitFor } from '../helpers/start-test-app';
import { startSandboxPair, type SandboxPair } from '../helpers/start-sandbox-pair';
import { testClock } from '../helpers/test-clock';
import { waitUntilPairSettled } from '../helpers/wait-until-pair-settled';

const TARGET = { jobtitle: 'VP Sales', company: 'Fathom Labs', numemployees: '500-1000', industry: 'Internet', country: 'Canada' };
const NON_TARGET = { firstname: 'Kim', jobtitle: 'Marketing Student', numemployees: '1-5' };

describe('e2e: reconciliation heals what webhooks missed', () => {
  let pair: SandboxPair;
  const clock = testClock();
  afterEach(async () => {
    await pair.close();
  });

  const start = (faults: { dropRate?: number } = {}) =>
    startSandboxPair({ now: clock.now, faults, faultSeed: 11, webhookMaxAttempts: 2 }, {}, { scheduleReconcile: false, scheduleSlaAudit: false });

  const submit = async (email: string, fields: Record<string, string>) => {
    const body = { fields: Object.entries({ email, ...fields }).map(([name, value]) => ({ name, value })) };
    const r = await pair.hubspot('POST', `/submissions/v3/integration/submit/${pair.sandbox.portal.portalId}/${SANDBOX_FORMS.demoRequest.id}`, body, false);
    expect(r.status).toBe(200);
  };
  const contact = (email: string) => pair.sandbox.portal.contactByEmail(email)!;
  const notes = (email: string) => pair.sandbox.portal.associated('contacts', contact(email).id, 'notes').length;
  const stageChanges = (email: string) => pair.app.query<{ n: number }>('select count(*) n from decisions where contact_id = ? and stage_changed = 1', contact(email).id)[0]!.n;
  const isRight = (email: string, target: boolean) => {
    const p = contact(email).properties;
    return target ? p.lifecyclestage === 'marketingqualifiedlead' && Number(p.leadloop_score) >= 70 : p.lifecyclestage === 'lead' && p.leadloop_nurture_track === 'realign';
  };
  const round = () => pair.app.reconciler!.run(clock.now());

  it('after a burst that lost 20% of its webhooks, one round makes every contact right with one note per stage change', async () => {
    pair = await start({ dropRate: 0.2 });
    const burst = Array.from({ length: 24 }, (_, i) => ({ email: `buyer${i}@${i % 3 === 0 ? 'gmail.com' : 'fathomlabs.example'}`, target: i % 3 !== 0 }));
    for (const b of burst) await submit(b.email, b.target ? TARGET : NON_TARGET);
    await waitUntilPairSettled(pair, 30_000);
    expect(pair.sandbox.dispatcher.stats.faultDropped).toBeGreaterThan(0);
    // The drops mattered: some contacts are wrong before reconciliation (the seed makes this repeatable).
    expect(burst.filter((b) => !isRight(b.email, b.target)).length).toBeGreaterThan(0);

    const result = await round();
    const healed = result.portals[0]!.contacts.healed;
    expect(healed.length).toBeGreaterThan(0);
    await waitUntilPairSettled(pair, 30_000);

    for (const b of burst) {
      expect({ email: b.email, right: isRight(b.email, b.target) }).toEqual({ email: b.email, right: true });
      expect({ email: b.email, notes: notes(b.email) }).toEqual({ email: b.email, notes: stageChanges(b.email) });
      expect(notes(b.email)).toBe(b.target ? 1 : 0);
    }
    const metrics = await (await fetch(`${pair.app.url}/metrics`, { headers: { Authorization: `Bearer ${pair.app.adminToken}` } })).text();
    expect(Number(/^leadloop_reconcile_healed_total\{object="contacts"\} (\d+)$/m.exec(metrics)?.[1])).toBe(healed.length);
    expect(metrics).toMatch(/^leadloop_reconcile_watermark_seconds\{portal="\d+",object="contacts"\} \d+/m);
  }, 90_000);

  it('when nothing changed, a round is one search per object type and heals nothing', async () => {
    pair = await start();
    await submit('ann@fathomlabs.example', TARGET);
    await waitFor(() => isRight('ann@fathomlabs.example', true), 20_000, 'ann decided');
    await waitUntilPairSettled(pair, 30_000);
    const calls = pair.sandbox.apiStats.calls;
    const result = await round();
    expect(pair.sandbox.apiStats.calls - calls).toBe(2);
    expect(result.portals[0]!.contacts).toMatchObject({ searches: 1, healed: [] });
    expect(result.portals[0]!.deals).toMatchObject({ searches: 1, healed: [] });
    expect(pair.app.query("select count(*) n from webhook_events where change_source = 'LEADLOOP_RECONCILE'")).toEqual([{ n: 0 }]);
  }, 60_000);

  it('heals a submission made while leadloop refused deliveries', async () => {
    pair = await start();
    // leadloop is "down": every delivery fails, and the sandbox gives up on them as HubSpot does after its retries.
    pair.sandbox.setTargetUrl('http://127.0.0.1:9/webhooks/hubspot');
    await submit('bo@fathomlabs.example', TARGET);
    await waitFor(() => pair.sandbox.dispatcher.stats.dropped > 0 && pair.sandbox.dispatcher.pending() === 0, 20_000, 'the sandbox to give up');
    await pair.sandbox.dispatcher.idle();
    expect(pair.app.query('select count(*) n from webhook_events')).toEqual([{ n: 0 }]);
    pair.sandbox.setTargetUrl(`${pair.app.url}/webhooks/hubspot`);

    const result = await round();
    expect(result.portals[0]!.contacts.healed).toEqual([contact('bo@fathomlabs.example').id]);
    await waitFor(() => isRight('bo@fathomlabs.example', true), 20_000, 'bo decided');
    await waitUntilPairSettled(pair, 30_000);
    expect(notes('bo@fathomlabs.example')).toBe(1);
    // A second round reads bo again (the overlap) and heals nothing more.
    expect((await round()).portals[0]!.contacts.healed).toEqual([]);
  }, 60_000);

  it('heals a deal won while leadloop refused deliveries: after one round its contact is a customer', async () => {
    pair = await start();
    await submit('cy@fathomlabs.example', TARGET);
    await waitFor(() => isRight('cy@fathomlabs.example', true), 20_000, 'cy decided');
    const deal = await pair.hubspot<{ id: string }>('POST', '/crm/v3/objects/deals', {
      properties: { dealname: 'Fathom Labs — annual', amount: '24000', pipeline: 'default', dealstage: 'appointmentscheduled' },
      associations: [{ to: { id: contact('cy@fathomlabs.example').id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 3 }] }],
    });
    expect(deal.status).toBe(201);
    await waitFor(() => contact('cy@fathomlabs.example').properties.lifecyclestage === 'opportunity', 20_000, 'opportunity');
    await waitUntilPairSettled(pair, 30_000);

    // leadloop is "down" while the deal is won: the sandbox gives up on the delivery as HubSpot does.
    pair.sandbox.setTargetUrl('http://127.0.0.1:9/webhooks/hubspot');
    const dropped = pair.sandbox.dispatcher.stats.dropped;
    expect((await pair.hubspot('PATCH', `/crm/v3/objects/deals/${deal.body.id}`, { properties: { dealstage: 'closedwon' } })).status).toBe(200);
    await waitFor(() => pair.sandbox.dispatcher.stats.dropped > dropped && pair.sandbox.dispatcher.pending() === 0, 20_000, 'the sandbox to give up');
    await pair.sandbox.dispatcher.idle();
    pair.sandbox.setTargetUrl(`${pair.app.url}/webhooks/hubspot`);
    expect(contact('cy@fathomlabs.example').properties.lifecyclestage).toBe('opportunity');

    const result = await round();
    expect(result.portals[0]!.deals.healed).toEqual([deal.body.id]);
    await waitFor(() => contact('cy@fathomlabs.example').properties.lifecyclestage === 'customer', 20_000, 'customer');
    await waitUntilPairSettled(pair, 30_000);
    expect(notes('cy@fathomlabs.example')).toBe(stageChanges('cy@fathomlabs.example'));
    // A second round reads the deal again (the overlap) and heals nothing more.
    expect((await round()).portals[0]!.deals.healed).toEqual([]);
  }, 60_000);
});
