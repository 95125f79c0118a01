import fs from 'node:fs';
import path from 'node:path';
import nock from 'nock';
import { createHubspotCrm } from '../../../src/crm/hubspot/hubspot-crm';

const BASE = 'https://api.hubapi.com';
const PORTAL = 62515;
const crm = () => createHubspotCrm({ baseUrl: BASE, tokenFor: async () => 'pat-test-token', retry: { attempts: 1, baseMs: 1, capMs: 1 } });
const api = () => nock(BASE, { reqheaders: { authorization: 'Bearer pat-test-token' } });
// `GET /crm/v3/pipelines/deals` as HubSpot documents it: default pipeline and one with numeric stage ids.
const pipelines = JSON.parse(fs.readFileSync(path.join(__dirname, '../../fixtures/hubspot/pipelines-deals.json'), 'utf8'));

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});
afterAll(() => nock.enableNetConnect());

describe('HubSpot CRM adapter: deals', () => {
  it('reads the deal pipelines with each stage’s closed flag and probability', async () => {
    api().get('/crm/v3/pipelines/deals').reply(200, pipelines);
    const read = await crm().listDealPipelines(PORTAL);
    expect(read.map((p) => p.id)).toEqual(['default', '84210317']);
    expect(read[1]!.stages).toEqual([
      { id: '152208441', isClosed: false, probability: 0.1 },
      { id: '152208442', isClosed: false, probability: 0.5 },
      { id: '152208443', isClosed: true, probability: 1 },
      { id: '152208444', isClosed: true, probability: 0 },
    ]);
  });

  it('reads every page of a deal’s contacts through the associations v4 API', async () => {
    api().get('/crm/v4/objects/deals/18870021/associations/contacts').query({ limit: '500' })
      .reply(200, { results: [{ toObjectId: 90412, associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 3, label: null }] }], paging: { next: { after: 'MTA=' } } });
    api().get('/crm/v4/objects/deals/18870021/associations/contacts').query({ limit: '500', after: 'MTA=' })
      .reply(200, { results: [{ toObjectId: 90413, associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 3, label: null }] }] });
    expect(await crm().listDealContacts(PORTAL, '18870021')).toEqual(['90412', '90413']);
  });

  it('reads a deal’s hs_is_closed_won, and null for a deal HubSpot no longer has', async () => {
    api().get('/crm/v3/objects/deals/18870021').query({ properties: 'hs_is_closed_won' })
      .reply(200, { id: '18870021', properties: { hs_is_closed_won: 'true', hs_object_id: '18870021' }, createdAt: '2026-11-20T09:12:44.120Z', updatedAt: '2026-11-24T10:02:11.871Z', archived: false });
    api().get('/crm/v3/objects/deals/404').query(true).reply(404, { status: 'error', message: 'Object not found', category: 'OBJECT_NOT_FOUND' });
    expect((await crm().readDeal(PORTAL, '18870021', ['hs_is_closed_won']))?.hs_is_closed_won).toBe('true');
    expect(await crm().readDeal(PORTAL, '404', ['hs_is_closed_won'])).toBeNull();
  });
});
