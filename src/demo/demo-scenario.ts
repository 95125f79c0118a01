import { SANDBOX_FORMS } from '../sandbox/seed-portal';

export interface DemoClient {
  /** A HubSpot API call on the sandbox with the private-app token; throws with HubSpot's message on an error. */
  call<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  submitForm(formId: string, fields: Record<string, string>): Promise<void>;
  portalId: number;
}

export interface DemoStep {
  title: string;
  /** Who the step is about, to show the outcome afterwards. */
  email?: string;
  run(c: DemoClient): Promise<void>;
}

const contactId = async (c: DemoClient, email: string) => (await c.call<{ id: string }>('GET', `/crm/v3/objects/contacts/${encodeURIComponent(email)}?idProperty=email`)).id;

/** Logs a sales call on the contact's timeline, as a rep in HubSpot would (it updates "last contacted"). */
async function logCall(c: DemoClient, email: string, outcome: string): Promise<void> {
  const id = await contactId(c, email);
  await c.call('POST', '/crm/v3/objects/calls', {
    properties: { hs_timestamp: new Date().toISOString(), hs_call_title: 'Discovery call', hs_call_body: outcome, hs_call_status: 'COMPLETED' },
    associations: [{ to: { id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 194 }] }],
  });
}

/**
 * The story `npm run demo` tells: marketing's forms bring leads in, leadloop sorts them with the qualification
 * matrix, sales picks up the MQLs, and the numbers both teams see move.
 */
export const DEMO_STEPS: DemoStep[] = [
  {
    title: 'A VP of Marketing at a 100–500 person software company requests a demo (target profile, ready to buy → MQL)',
    email: 'dana.demo@meridian-software.example',
    run: (c) => c.submitForm(SANDBOX_FORMS.demoRequest.id, { email: 'dana.demo@meridian-software.example', firstname: 'Dana', lastname: 'Kim', jobtitle: 'VP Marketing', company: 'Meridian Software', numemployees: '100-500', industry: 'Software', country: 'United States', phone: '+1 555 0100' }),
  },
  {
    title: 'A Head of Sales asks to talk to sales (target profile, ready to buy → MQL)',
    email: 'omar.demo@lumen-bank.example',
    run: (c) => c.submitForm(SANDBOX_FORMS.contactSales.id, { email: 'omar.demo@lumen-bank.example', firstname: 'Omar', lastname: 'Haddad', jobtitle: 'Director of Sales', company: 'Lumen Bank', numemployees: '1000+', industry: 'Financial services', country: 'Canada' }),
  },
  {
    title: 'A student requests a demo from a Gmail address (ready, not target → realign, no sales hand-off)',
    email: 'sam.student.demo@gmail.com',
    run: (c) => c.submitForm(SANDBOX_FORMS.demoRequest.id, { email: 'sam.student.demo@gmail.com', firstname: 'Sam', jobtitle: 'Marketing Student', numemployees: '1-5' }),
  },
  {
    title: 'A marketing manager downloads the pipeline report (target, not ready yet → nurture)',
    email: 'lea.demo@brightwave.example',
    run: (c) => c.submitForm(SANDBOX_FORMS.contentDownload.id, { email: 'lea.demo@brightwave.example', firstname: 'Léa', jobtitle: 'Marketing Manager', company: 'Brightwave', numemployees: '100-500', industry: 'Marketing & Advertising', country: 'France' }),
  },
  {
    title: 'The same manager opens and clicks three marketing emails and views pricing twice (engagement grows)',
    email: 'lea.demo@brightwave.example',
    run: async (c) => {
      const id = await contactId(c, 'lea.demo@brightwave.example');
      // HubSpot's tracking sets these and an app may not: the sandbox's control plays the tracking.
      const track = (properties: Record<string, string>) => c.call('POST', `/_sandbox/contacts/${id}/tracking`, { properties });
      for (let n = 1; n <= 3; n++) await track({ hs_email_open: String(n), hs_email_click: String(n) });
      await track({ hs_analytics_last_url: 'https://www.example.com/pricing', hs_analytics_num_page_views: '2' });
    },
  },
  {
    title: 'Sales calls Dana and marks the lead CONNECTED (first touch stops the SLA clock; accepted → SQL)',
    email: 'dana.demo@meridian-software.example',
    run: async (c) => {
      await logCall(c, 'dana.demo@meridian-software.example', 'Connected: wants a proposal next week.');
      await c.call('PATCH', `/crm/v3/objects/contacts/${await contactId(c, 'dana.demo@meridian-software.example')}`, { properties: { hs_lead_status: 'CONNECTED' } });
    },
  },
];
