import { startSandbox, type RunningSandbox } from '../../../src/sandbox/start-sandbox';

const TOKEN = 'pat-sandbox-api-test';

describe('the sandbox speaks HubSpot’s dialect', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ clientId: 'c', clientSecret: 's', privateToken: TOKEN, contacts: 10_050, faults: { rateLimitPer10s: 100_000 } });
  });
  afterAll(() => sandbox.close());

  const api = async <T = Record<string, unknown>>(method: string, path: string, body?: unknown) => {
    const res = await fetch(`${sandbox.url}${path}`, { method, headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: res.status, body: (await res.json().catch(() => ({}))) as T, headers: res.headers };
  };

  it('searches with filter groups, sorts and `after` paging, and refuses to page past 10,000', async () => {
    const q = { filterGroups: [{ filters: [{ propertyName: 'lifecyclestage', operator: 'EQ', value: 'lead' }, { propertyName: 'hs_analytics_num_page_views', operator: 'GTE', value: '5' }] }], sorts: [{ propertyName: 'hs_analytics_num_page_views', direction: 'DESCENDING' }], properties: ['hs_analytics_num_page_views', 'lifecyclestage'], limit: 200 };
    const first = await api<{ total: number; results: Array<{ properties: Record<string, string> }>; paging?: { next: { after: string } } }>('POST', '/crm/v3/objects/contacts/search', q);
    expect(first.status).toBe(200);
    expect(first.body.results).toHaveLength(200);
    const sizes = first.body.results.map((r) => Number(r.properties.hs_analytics_num_page_views));
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    expect(first.body.results.every((r) => r.properties.lifecyclestage === 'lead' && Number(r.properties.hs_analytics_num_page_views) >= 5)).toBe(true);
    const second = await api<{ results: Array<{ id: string }> }>('POST', '/crm/v3/objects/contacts/search', { ...q, after: first.body.paging!.next.after });
    expect(second.body.results[0]!.id).not.toBe(first.body.results[0]);

    const all = await api<{ total: number }>('POST', '/crm/v3/objects/contacts/search', { limit: 1 });
    expect(all.body.total).toBe(10_050);
    const past = await api<{ category: string; message: string }>('POST', '/crm/v3/objects/contacts/search', { limit: 100, after: '10000' });
    expect(past.status).toBe(400);
    expect(past.body.category).toBe('VALIDATION_ERROR');
  });

  it('ignores a backward lifecycle move unless the stage is cleared first, and refuses unknown properties', async () => {
    const c = await api<{ id: string }>('POST', '/crm/v3/objects/contacts', { properties: { email: 'back@ward.example', lifecyclestage: 'marketingqualifiedlead' } });
    await api('PATCH', `/crm/v3/objects/contacts/${c.body.id}`, { properties: { lifecyclestage: 'lead' } });
    expect(sandbox.portal.get('contacts', c.body.id).properties.lifecyclestage).toBe('marketingqualifiedlead');
    await api('PATCH', `/crm/v3/objects/contacts/${c.body.id}`, { properties: { lifecyclestage: '' } });
    await api('PATCH', `/crm/v3/objects/contacts/${c.body.id}`, { properties: { lifecyclestage: 'lead' } });
    expect(sandbox.portal.get('contacts', c.body.id).properties.lifecyclestage).toBe('lead');

    const bad = await api<{ errors: Array<{ code: string }> }>('PATCH', `/crm/v3/objects/contacts/${c.body.id}`, { properties: { no_such_property: 'x' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]!.code).toBe('PROPERTY_DOESNT_EXIST');
  });

  it('answers a batch read with missing ids as 207 with the found ones, and merges contacts', async () => {
    const a = await api<{ id: string }>('POST', '/crm/v3/objects/contacts', { properties: { email: 'a@merge.example', firstname: 'A' } });
    const b = await api<{ id: string }>('POST', '/crm/v3/objects/contacts', { properties: { email: 'b@merge.example', jobtitle: 'CTO' } });
    const read = await api<{ results: unknown[]; errors: Array<{ category: string }> }>('POST', '/crm/v3/objects/contacts/batch/read', { inputs: [{ id: a.body.id }, { id: '99999999' }], properties: ['email'] });
    expect(read.status).toBe(207);
    expect(read.body.results).toHaveLength(1);
    expect(read.body.errors[0]!.category).toBe('OBJECT_NOT_FOUND');

    const merged = await api<{ id: string }>('POST', '/crm/v3/objects/contacts/merge', { primaryObjectId: a.body.id, objectIdToMerge: b.body.id });
    expect(merged.body.id).toBe(a.body.id);
    expect(sandbox.portal.get('contacts', a.body.id).properties.jobtitle).toBe('CTO');
    expect((await api('GET', `/crm/v3/objects/contacts/${b.body.id}`)).status).toBe(404);
  });

  it('answers 429 with HubSpot’s body once the rolling window is spent', async () => {
    const ok = await api('GET', '/account-info/v3/details');
    expect(ok.headers.get('x-hubspot-ratelimit-max')).toBe('100000');
    sandbox.faults.rateLimitPer10s = 3;
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await api<{ policyName?: string; errorType?: string }>('GET', '/account-info/v3/details'));
    sandbox.faults.rateLimitPer10s = 100_000;
    const limited = answers.filter((a) => a.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0]!.body).toMatchObject({ status: 'error', errorType: 'RATE_LIMIT', policyName: 'TEN_SECONDLY_ROLLING' });
  });
});

describe('leadloop’s properties in an older install', () => {
  it('gets the options a newer leadloop writes (HubSpot refuses a value that is not an option)', async () => {
    const { createHubspotCrm, privateAppTokens } = await import('../../../src/crm/hubspot/hubspot-crm');
    const { setupCrmProperties } = await import('../../../src/crm/setup-properties');
    const sandbox = await startSandbox({ clientId: 'c', clientSecret: 's', privateToken: TOKEN });
    try {
      const crm = createHubspotCrm({ baseUrl: sandbox.url, tokenFor: privateAppTokens(TOKEN, sandbox.url), rateLimit: { max: 100, windowMs: 10_000 } });
      await setupCrmProperties(crm, sandbox.portal.portalId, { dryRun: false });
      // As an older leadloop created it: no "overdue".
      sandbox.portal.properties.get('leadloop_sla_status')!.options = ['open', 'met', 'breached', 'closed'].map((v) => ({ label: v, value: v }));
      const c = sandbox.portal.create('contacts', { email: 'old@install.example' }, { changeSource: 'CRM_UI' });
      await expect(crm.updateContacts(sandbox.portal.portalId, [{ id: c.id, properties: { leadloop_sla_status: 'overdue' } }])).rejects.toThrow(/not valid/);

      const dry = await setupCrmProperties(crm, sandbox.portal.portalId, { dryRun: true });
      expect(dry.find((s) => s.name === 'leadloop_sla_status')!.action).toBe('add options');
      await setupCrmProperties(crm, sandbox.portal.portalId, { dryRun: false });
      expect(sandbox.portal.properties.get('leadloop_sla_status')!.options!.map((o) => o.value)).toEqual(['open', 'met', 'breached', 'closed', 'overdue']);
      await crm.updateContacts(sandbox.portal.portalId, [{ id: c.id, properties: { leadloop_sla_status: 'overdue' } }]);
      expect(sandbox.portal.get('contacts', c.id).properties.leadloop_sla_status).toBe('overdue');
      expect((await setupCrmProperties(crm, sandbox.portal.portalId, { dryRun: true })).every((s) => s.action === 'exists')).toBe(true);
    } finally {
      await sandbox.close();
    }
  });

  // Two instances set one portal up at once (each took a first event of a new portal): both read "missing", one
  // creates first and the other's creates answer 409 OBJECT_ALREADY_EXISTS. Both setups succeed; nothing is twice.
  it('lets two setups of one portal run at once', async () => {
    const { createHubspotCrm, privateAppTokens } = await import('../../../src/crm/hubspot/hubspot-crm');
    const { setupCrmProperties } = await import('../../../src/crm/setup-properties');
    const { LEADLOOP_PROPERTIES } = await import('../../../src/crm/leadloop-properties');
    const sandbox = await startSandbox({ clientId: 'c', clientSecret: 's', privateToken: TOKEN });
    try {
      const crm = () => createHubspotCrm({ baseUrl: sandbox.url, tokenFor: privateAppTokens(TOKEN, sandbox.url), rateLimit: { max: 100, windowMs: 10_000 } });
      const results = await Promise.allSettled([setupCrmProperties(crm(), sandbox.portal.portalId, { dryRun: false }), setupCrmProperties(crm(), sandbox.portal.portalId, { dryRun: false })]);
      expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok'))).toEqual(['ok', 'ok']);
      expect(sandbox.portal.propertyGroups.has('leadloop')).toBe(true);
      for (const p of LEADLOOP_PROPERTIES) expect(sandbox.portal.properties.get(p.name)?.groupName).toBe('leadloop');
    } finally {
      await sandbox.close();
    }
  });
});
