import { startSandbox, type RunningSandbox } from '../../../src/sandbox/start-sandbox';

const TOKEN = 'pat-sandbox-deals-test';

// Shapes as in HubSpot's pipelines and associations v4 APIs (facts §11; ../shared example pipelines-deals.json).
describe('the sandbox’s deals look like a real portal’s', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ clientId: 'c', clientSecret: 's', privateToken: TOKEN, faults: { rateLimitPer10s: 100_000 } });
  });
  afterAll(() => sandbox.close());

  const api = async <T = Record<string, unknown>>(method: string, path: string, body?: unknown) => {
    const res = await fetch(`${sandbox.url}${path}`, { method, headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: res.status, body: (await res.json().catch(() => ({}))) as T };
  };
  type Pipelines = { results: Array<{ id: string; stages: Array<{ id: string; metadata: { isClosed: string; probability: string } }> }> };

  it('lists two deal pipelines, one with numeric stage ids, each stage with isClosed and probability as strings', async () => {
    const res = await api<Pipelines>('GET', '/crm/v3/pipelines/deals');
    expect(res.status).toBe(200);
    expect(res.body.results.map((p) => p.id)).toEqual(['default', '84210317']);
    const enterprise = res.body.results[1]!;
    expect(enterprise.stages.every((s) => /^\d+$/.test(s.id))).toBe(true);
    expect(enterprise.stages.find((s) => s.id === '152208443')!.metadata).toEqual({ isClosed: 'true', probability: '1.0' });
    expect(res.body.results[0]!.stages.find((s) => s.id === 'closedwon')!.metadata).toEqual({ isClosed: 'true', probability: '1.0' });
  });

  it('calculates hs_is_closed_won from the stage, refuses a stage of another pipeline and refuses writes to the calculated property', async () => {
    const deal = await api<{ id: string }>('POST', '/crm/v3/objects/deals', { properties: { dealname: 'Big', pipeline: '84210317', dealstage: '152208442' } });
    expect(deal.status).toBe(201);
    const read = async () => (await api<{ properties: Record<string, string> }>('GET', `/crm/v3/objects/deals/${deal.body.id}?properties=hs_is_closed_won,dealstage,pipeline`)).body.properties;
    expect(await read()).toEqual({ hs_is_closed_won: 'false', dealstage: '152208442', pipeline: '84210317' });
    expect((await api('PATCH', `/crm/v3/objects/deals/${deal.body.id}`, { properties: { dealstage: 'closedwon' } })).status).toBe(400);
    expect((await api('PATCH', `/crm/v3/objects/deals/${deal.body.id}`, { properties: { hs_is_closed_won: 'true' } })).status).toBe(400);
    expect((await api('PATCH', `/crm/v3/objects/deals/${deal.body.id}`, { properties: { dealstage: '152208443' } })).status).toBe(200);
    expect((await read()).hs_is_closed_won).toBe('true');
  });

  it('answers a deal’s contacts through the associations v4 API', async () => {
    const contact = await api<{ id: string }>('POST', '/crm/v3/objects/contacts', { properties: { email: 'linked@deal.example' } });
    const deal = await api<{ id: string }>('POST', '/crm/v3/objects/deals', {
      properties: { dealname: 'Linked', dealstage: 'appointmentscheduled' },
      associations: [{ to: { id: contact.body.id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 3 }] }],
    });
    const res = await api<{ results: Array<{ toObjectId: number; associationTypes: Array<{ typeId: number }> }> }>('GET', `/crm/v4/objects/deals/${deal.body.id}/associations/contacts`);
    expect(res.status).toBe(200);
    expect(res.body.results).toEqual([{ toObjectId: Number(contact.body.id), associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 3, label: null }] }]);
  });
});
