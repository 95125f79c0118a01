import { SANDBOX_FORMS } from '../../src/sandbox/seed-portal';
import { waitFor } from '../helpers/start-test-app';
import { startSandboxPair, type SandboxPair } from '../helpers/start-sandbox-pair';

describe('e2e: deals through the sandbox', () => {
  let pair: SandboxPair;
  beforeAll(async () => {
    pair = await startSandboxPair();
    pair.sandbox.portal.forms.push({ ...SANDBOX_FORMS.demoRequest });
  });
  afterAll(() => pair.close());

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
