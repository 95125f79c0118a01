import { SANDBOX_FORMS } from '../../src/sandbox/seed-portal';
import { waitFor } from '../helpers/start-test-app';
import { startSandboxPair, type SandboxPair } from '../helpers/start-sandbox-pair';
import { waitUntilPairSettled } from '../helpers/wait-until-pair-settled';
import { WEBHOOK_MODES } from '../helpers/webhook-modes';

describe.each(WEBHOOK_MODES)('e2e: deals through the sandbox (%s)', (_mode, webhooks) => {
  let pair: SandboxPair;
  beforeAll(async () => {
    pair = await startSandboxPair(webhooks);
    pair.sandbox.portal.forms.push({ ...SANDBOX_FORMS.demoRequest });
  });
  // Settled first: a write still retrying against a closed sandbox would reach into the next test file.
  afterAll(async () => {
    await waitUntilPairSettled(pair);
    await pair.close();
  });

  it('an MQL with a deal becomes an opportunity, and a customer when the deal is won', async () => {
    const { portal } = pair.sandbox;
    const fields = { email: 'pat@juniper.example', jobtitle: 'Chief Revenue Officer', numemployees: '1000+', industry: 'Internet', country: 'Canada', company: 'Juniper Cloud' };
    await pair.hubspot('POST', `/submissions/v3/integration/submit/${portal.portalId}/${SANDBOX_FORMS.demoRequest.id}`, { fields: Object.entries(fields).map(([name, value]) => ({ name, value })) }, false);
    const contact = () => portal.contactByEmail('pat@juniper.example')!;
    await waitFor(() => contact()?.properties.lifecyclestage === 'marketingqualifiedlead', 8000, 'MQL');

    const deal = await pair.hubspot<{ id: string }>('POST', '/crm/v3/objects/deals', {
      properties: { dealname: 'Juniper Cloud — annual', amount: '48000', pipeline: 'default', dealstage: 'appointmentscheduled' },
      associations: [{ to: { id: contact().id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 3 }] }],
    });
    expect(deal.status).toBe(201);
    await waitFor(() => contact().properties.lifecyclestage === 'opportunity', 8000, 'opportunity');

    await pair.hubspot('PATCH', `/crm/v3/objects/deals/${deal.body.id}`, { properties: { dealstage: 'closedwon' } });
    await waitFor(() => contact().properties.lifecyclestage === 'customer', 8000, 'customer');
    await waitFor(() => pair.app.query("select 1 from contact_funnel where customer_at is not null").length === 1, 5000, 'the report sees the customer');
  });
});

// Issue 13 #4: "won" is the portal's pipeline stage metadata (or hs_is_closed_won), not the literal `closedwon`,
// and a won deal's contacts are read through the associations API, not only from association events seen earlier.
describe.each(WEBHOOK_MODES)('e2e: deals won in any pipeline (%s)', (_mode, webhooks) => {
  const ENTERPRISE = '84210317';
  let pair: SandboxPair;
  let linkedEarlier: { contactId: string; dealId: string };
  beforeAll(async () => {
    pair = await startSandboxPair({
      ...webhooks,
      // Before leadloop was installed: no webhook ever told it about this contact, this deal or their link.
      beforeInstall(portal) {
        const actor = { changeSource: 'CRM_UI' };
        const contact = portal.create('contacts', { email: 'lee@orchard.example', firstname: 'Lee', lifecyclestage: 'lead' }, actor);
        const deal = portal.create('deals', { dealname: 'Orchard — platform', pipeline: ENTERPRISE, dealstage: '152208442' }, actor);
        portal.associate('deals', deal.id, 'contacts', contact.id, actor);
        linkedEarlier = { contactId: contact.id, dealId: deal.id };
      },
    });
  });
  // Settled first: a write still retrying against a closed sandbox would reach into the next test file.
  afterAll(async () => {
    await waitUntilPairSettled(pair);
    await pair.close();
  });
  const stageOf = (contactId: string) => pair.sandbox.portal.get('contacts', contactId).properties.lifecyclestage;

  it('a deal won in a non-default pipeline (numeric stage ids) makes its contact a customer', async () => {
    const contact = await pair.hubspot<{ id: string }>('POST', '/crm/v3/objects/contacts', { properties: { email: 'ria@quarry.example', firstname: 'Ria' } });
    const deal = await pair.hubspot<{ id: string }>('POST', '/crm/v3/objects/deals', {
      properties: { dealname: 'Quarry — enterprise', pipeline: ENTERPRISE, dealstage: '152208441' },
      associations: [{ to: { id: contact.body.id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 3 }] }],
    });
    expect(deal.status).toBe(201);
    await waitFor(() => stageOf(contact.body.id) === 'opportunity', 8000, 'opportunity');
    expect((await pair.hubspot('PATCH', `/crm/v3/objects/deals/${deal.body.id}`, { properties: { dealstage: '152208443' } })).status).toBe(200);
    await waitFor(() => stageOf(contact.body.id) === 'customer', 8000, 'customer');
  });

  it('a deal linked before leadloop saw it makes its contact a customer when won', async () => {
    expect(stageOf(linkedEarlier.contactId)).toBe('lead');
    expect((await pair.hubspot('PATCH', `/crm/v3/objects/deals/${linkedEarlier.dealId}`, { properties: { dealstage: '152208443' } })).status).toBe(200);
    await waitFor(() => stageOf(linkedEarlier.contactId) === 'customer', 8000, 'customer');
  });
});
