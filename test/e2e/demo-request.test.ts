import { SANDBOX_FORMS } from '../../src/sandbox/seed-portal';
import { waitFor } from '../helpers/start-test-app';
import { startSandboxPair, type SandboxPair } from '../helpers/start-sandbox-pair';
import { waitUntilPairSettled } from '../helpers/wait-until-pair-settled';
import { WEBHOOK_MODES } from '../helpers/webhook-modes';

// Driven only through the sandbox's HubSpot API: leadloop is reached by the webhooks the sandbox delivers.
describe.each(WEBHOOK_MODES)('e2e: a form submission through the sandbox (%s)', (_mode, webhooks) => {
  let pair: SandboxPair;
  beforeEach(async () => {
    pair = await startSandboxPair(webhooks);
  });
  afterEach(async () => {
    await pair.close();
  });

  const submit = (email: string, fields: Record<string, string>, form: string = SANDBOX_FORMS.demoRequest.id) =>
    pair.hubspot('POST', `/submissions/v3/integration/submit/${pair.sandbox.portal.portalId}/${form}`, { fields: Object.entries({ email, ...fields }).map(([name, value]) => ({ name, value })) }, false);

  async function contactByEmail(email: string, props: string[]) {
    const r = await pair.hubspot<{ properties: Record<string, string | null>; id: string }>('GET', `/crm/v3/objects/contacts/${encodeURIComponent(email)}?idProperty=email&properties=${props.join(',')}`);
    return r.body;
  }
  async function notesOf(contactId: string): Promise<string[]> {
    const assoc = await pair.hubspot<{ results: Array<{ toObjectId: number }> }>('GET', `/crm/v4/objects/contacts/${contactId}/associations/notes`);
    if (assoc.body.results.length === 0) return [];
    const notes = await pair.hubspot<{ results: Array<{ properties: { hs_note_body: string } }> }>('POST', '/crm/v3/objects/notes/batch/read', { inputs: assoc.body.results.map((r) => ({ id: String(r.toObjectId) })), properties: ['hs_note_body'] });
    return notes.body.results.map((n) => n.properties.hs_note_body);
  }

  it('makes a target-profile contact an MQL with its score and exactly one explanatory note', async () => {
    const sent = await submit('dana.director@meridian.example', { firstname: 'Dana', jobtitle: 'Director of Marketing', company: 'Meridian Software', numemployees: '100-500', industry: 'Software', country: 'United States' });
    expect(sent.status).toBe(200);
    await waitFor(async () => (await contactByEmail('dana.director@meridian.example', ['lifecyclestage'])).properties.lifecyclestage === 'marketingqualifiedlead', 8000, 'MQL written');
    const c = await contactByEmail('dana.director@meridian.example', ['lifecyclestage', 'leadloop_score', 'leadloop_matrix_cell']);
    expect(Number(c.properties.leadloop_score)).toBeGreaterThanOrEqual(70);
    await waitFor(async () => (await notesOf(c.id)).length > 0, 8000, 'note');
    // Everything that could write a second note has run: leadloop's own writes came back as webhooks and were applied.
    await waitUntilPairSettled(pair);
    const echoes = pair.app.query<{ status: string }>("select status from webhook_events where object_id = ? and change_source = 'INTEGRATION'", c.id);
    expect(echoes.length).toBeGreaterThan(0);
    expect(echoes.every((e) => e.status === 'done')).toBe(true);
    const notes = await notesOf(c.id);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/Demo request/);
    expect(pair.app.query('select kind, status from crm_writes where contact_id = ?', c.id)).toEqual([{ kind: 'note', status: 'done' }]);
  });

  // A real portal's values (hubspot-facts §11): a size bucket and a free-text industry. The size and industry rules
  // must read them for a practitioner at a mid-size software company to be target profile.
  it('makes a marketing manager at a 100–500 person software company an MQL on a demo request', async () => {
    const sent = await submit('lee.manager@meridian.example', { firstname: 'Lee', jobtitle: 'Marketing Manager', company: 'Meridian Software', numemployees: '100-500', industry: 'B2B software', country: 'United States' });
    expect(sent).toEqual({ status: 200, body: expect.anything() });
    // Polled in the portal, not through the API: a wait that fails must not spend the rate limit and hide why.
    const stored = () => pair.sandbox.portal.contactByEmail('lee.manager@meridian.example')?.properties ?? {};
    await waitFor(() => stored().leadloop_matrix_cell !== undefined, 8000, 'decision written');
    expect([stored().leadloop_matrix_cell, stored().lifecyclestage]).toEqual(['readyTarget', 'marketingqualifiedlead']);
  });

  it('keeps a non-target contact a lead and applies the configured tactic', async () => {
    await submit('kim.student@gmail.com', { firstname: 'Kim', jobtitle: 'Marketing Student', numemployees: '1-5' });
    await waitFor(async () => (await contactByEmail('kim.student@gmail.com', ['leadloop_nurture_track'])).properties.leadloop_nurture_track === 'realign', 8000, 'tactic written');
    const c = await contactByEmail('kim.student@gmail.com', ['lifecyclestage', 'leadloop_matrix_cell']);
    expect(c.properties.lifecyclestage).toBe('lead');
    expect(await notesOf(c.id)).toHaveLength(0);
  });
});
