import { SANDBOX_FORMS } from '../../src/sandbox/seed-portal';
import { waitFor } from '../helpers/start-test-app';
import { startSandboxPair, type SandboxPair } from '../helpers/start-sandbox-pair';

// On a real portal `recent_conversion_event_name` is "<page title>: <form name>", not the bare form name
// (https://knowledge.hubspot.com/properties/hubspots-default-contact-properties): the sandbox names conversions
// that way, and a demo request must still make an MQL, with a note naming the form.
describe('e2e: a demo request from a real page (conversion named "<page title>: <form name>")', () => {
  let pair: SandboxPair;
  beforeEach(async () => {
    pair = await startSandboxPair();
  });
  afterEach(async () => {
    await pair.close();
  });

  const target = { firstname: 'Dana', jobtitle: 'Director of Marketing', company: 'Meridian Software', numemployees: '100-500', industry: 'Software', country: 'United States' };
  const submit = (email: string, context: Record<string, string>) =>
    pair.hubspot('POST', `/submissions/v3/integration/submit/${pair.sandbox.portal.portalId}/${SANDBOX_FORMS.demoRequest.id}`, { fields: Object.entries({ email, ...target }).map(([name, value]) => ({ name, value })), context }, false);

  async function notesOf(contactId: string): Promise<string[]> {
    const ids = pair.sandbox.portal.associated('contacts', contactId, 'notes');
    return ids.map((id) => pair.sandbox.portal.get('notes', id).properties.hs_note_body ?? '');
  }

  it.each([
    ['a page title with a colon of its own', { pageName: 'Pricing: plans | Northwind', pageUri: 'https://northwind.example/pricing' }, 'Pricing: plans | Northwind: Demo request'],
    ['only a page URL', { pageUri: 'https://northwind.example/demo' }, 'https://northwind.example/demo: Demo request'],
  ])('%s: the contact becomes an MQL with one note naming the form', async (_what, context, conversionName) => {
    const email = `dana.${Object.keys(context).length}@meridian.example`;
    expect((await submit(email, context)).status).toBe(200);
    const contact = () => pair.sandbox.portal.contactByEmail(email)!;
    expect(contact().properties.recent_conversion_event_name).toBe(conversionName);
    await waitFor(() => contact().properties.lifecyclestage === 'marketingqualifiedlead', 8000, 'MQL written');
    await waitFor(async () => (await notesOf(contact().id)).length > 0, 8000, 'note written');
    const notes = await notesOf(contact().id);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain('Demo request');
    expect(notes[0]).not.toContain(conversionName);
  });
});
