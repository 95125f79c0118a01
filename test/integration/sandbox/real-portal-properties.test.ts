import { SANDBOX_FORMS } from '../../../src/sandbox/seed-portal';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/start-sandbox';

const TOKEN = 'pat-sandbox-properties-test';
const T0 = Date.UTC(2026, 4, 19, 12, 0, 0);

// hubspot-facts §11: a contact's catalog as a real portal has it, and HubSpot's refusals of what an app may not write.
describe('the sandbox has a real portal’s contact properties', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ clientId: 'c', clientSecret: 's', privateToken: TOKEN, contacts: 200, now: () => T0 });
  });
  afterAll(() => sandbox.close());

  const api = async <T = Record<string, unknown>>(method: string, path: string, body?: unknown, auth = true) => {
    const res = await fetch(`${sandbox.url}${path}`, { method, headers: { ...(auth ? { Authorization: `Bearer ${TOKEN}` } : {}), 'Content-Type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: res.status, body: (await res.json().catch(() => ({}))) as T };
  };
  type Property = { name: string; type: string; fieldType: string; options: Array<{ value: string }>; modificationMetadata: { readOnlyValue: boolean } };
  type Refusal = { category: string; errors: Array<{ code: string; context: { propertyName: string[] } }> };

  it('describes numemployees, industry, NPS and lead status as a real portal does, and has no numberofemployees or nps_score', async () => {
    const all = await api<{ results: Property[] }>('GET', '/crm/v3/properties/contacts');
    const byName = new Map(all.body.results.map((p) => [p.name, p]));
    const numemployees = byName.get('numemployees')!;
    expect([numemployees.type, numemployees.fieldType]).toEqual(['enumeration', 'select']);
    expect(numemployees.options.map((o) => o.value)).toEqual(['1-5', '5-25', '25-50', '50-100', '100-500', '500-1000', '1000+']);
    expect([byName.get('industry')!.type, byName.get('industry')!.fieldType]).toEqual(['string', 'text']);
    expect(byName.get('annualrevenue')!.type).toBe('string');
    expect(byName.get('hs_feedback_last_nps_rating')!.options.map((o) => o.value)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(byName.get('hs_lead_status')!.options.map((o) => o.value)).toEqual(expect.arrayContaining(['NEW', 'CONNECTED', 'BAD_TIMING', 'PROSPECT', 'CHECK_BACK', 'DEAD_OPP', 'DUPLICATE']));
    expect(byName.get('hs_analytics_source')!.options.map((o) => o.value)).toContain('PAID_SOCIAL');
    expect(byName.get('hs_last_sales_activity_timestamp')!.type).toBe('datetime');
    expect(byName.get('hs_last_sales_activity_type')!.options.map((o) => o.value)).toContain('FORM_SUBMITTED');
    expect(byName.get('notes_last_contacted')!.modificationMetadata.readOnlyValue).toBe(true);
    expect(byName.get('jobtitle')!.modificationMetadata.readOnlyValue).toBe(false);
    expect(byName.has('numberofemployees')).toBe(false);
    expect(byName.has('nps_score')).toBe(false);
  });

  it('refuses the company property names on a contact, and a size that is not a bucket', async () => {
    const old = await api<Refusal>('POST', '/crm/v3/objects/contacts', { properties: { email: 'old@names.example', numberofemployees: '400', nps_score: '9' } });
    expect(old.status).toBe(400);
    expect(old.body.errors.map((e) => [e.code, e.context.propertyName[0]])).toEqual([['PROPERTY_DOESNT_EXIST', 'numberofemployees'], ['PROPERTY_DOESNT_EXIST', 'nps_score']]);
    const number = await api<Refusal>('POST', '/crm/v3/objects/contacts', { properties: { email: 'number@size.example', numemployees: '400' } });
    expect(number.status).toBe(400);
    expect(number.body.errors[0]!.code).toBe('INVALID_OPTION');
    const real = await api<{ properties: Record<string, string> }>('POST', '/crm/v3/objects/contacts', { properties: { email: 'real@names.example', numemployees: '100-500', industry: 'Software', hs_feedback_last_nps_rating: '9', hs_lead_status: 'PROSPECT' } });
    expect(real.status).toBe(201);
  });

  it('refuses an app’s write to a value HubSpot sets itself, while a form submission and a logged call still set them', async () => {
    const c = await api<{ id: string }>('POST', '/crm/v3/objects/contacts', { properties: { email: 'read@only.example' } });
    const write = await api<Refusal>('PATCH', `/crm/v3/objects/contacts/${c.body.id}`, { properties: { notes_last_contacted: '2026-05-19T12:00:00Z', recent_conversion_event_name: 'Demo request', hs_object_id: '1', jobtitle: 'CMO' } });
    expect(write.status).toBe(400);
    expect(write.body.category).toBe('VALIDATION_ERROR');
    expect(write.body.errors.map((e) => [e.code, e.context.propertyName[0]])).toEqual([['READ_ONLY_VALUE', 'notes_last_contacted'], ['READ_ONLY_VALUE', 'recent_conversion_event_name'], ['READ_ONLY_VALUE', 'hs_object_id']]);
    expect(sandbox.portal.get('contacts', c.body.id).properties.jobtitle).toBeUndefined();

    const form = await api('POST', `/submissions/v3/integration/submit/${sandbox.portal.portalId}/${SANDBOX_FORMS.demoRequest.id}`, { fields: [{ name: 'email', value: 'read@only.example' }, { name: 'numemployees', value: '100-500' }], context: { pageName: 'Pricing' } }, false);
    expect(form.status).toBe(200);
    await api('POST', '/crm/v3/objects/calls', {
      properties: { hs_timestamp: '2026-05-19T12:30:00Z', hs_call_title: 'Discovery call' },
      associations: [{ to: { id: c.body.id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 194 }] }],
    });
    const after = sandbox.portal.get('contacts', c.body.id).properties;
    expect([after.recent_conversion_event_name, after.notes_last_contacted, after.num_contacted_notes]).toEqual(['Pricing: Demo request', '2026-05-19T12:30:00.000Z', '1']);
  });

  it('seeds contacts with size buckets and free-text industries', () => {
    const contacts = [...sandbox.portal.table('contacts').values()].slice(0, 200).map((c) => c.properties);
    const sizes = new Set(contacts.map((p) => p.numemployees).filter(Boolean));
    expect([...sizes].every((s) => ['1-5', '5-25', '25-50', '50-100', '100-500', '500-1000', '1000+'].includes(s!))).toBe(true);
    expect(sizes.size).toBeGreaterThan(3);
    expect(contacts.some((p) => p.industry === 'Software')).toBe(true);
    expect(contacts.some((p) => /^[A-Z_]+$/.test(p.industry ?? '') && (p.industry ?? '').includes('_'))).toBe(false);
  });
});
