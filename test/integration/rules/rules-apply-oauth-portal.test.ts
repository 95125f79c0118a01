import { createTestStore } from '../../helpers/test-database';
import nock from 'nock';
import { CliError } from '../../../src/cli/cli-context';
import { openPortalCrm } from '../../../src/cli/open-portal-crm';
import { loadConfig } from '../../../src/config/load-config';
import { createHubspotOAuth } from '../../../src/crm/hubspot/hubspot-oauth';
import { createPortalTokens } from '../../../src/oauth/portal-tokens';
import { createTokenCipher } from '../../../src/oauth/token-cipher';
import type { Store } from '../../../src/store/store-port';
import { memoryLogger } from '../../helpers/memory-logger';
import { NOW } from '../../helpers/test-rules';

const BASE = 'https://api.hubapi.com';
const KEY_HEX = '11'.repeat(32);
const env = { HUBSPOT_CLIENT_ID: 'client-123', HUBSPOT_CLIENT_SECRET: 'client-secret-xyz', LEADLOOP_ENCRYPTION_KEY: KEY_HEX, HUBSPOT_BASE_URL: BASE };

/** `rules apply --portal ID`: the CRM it writes through is the installed OAuth portal's, with its stored token. */
describe('rules apply --portal (an installed OAuth portal)', () => {
  let store: Store;
  beforeAll(() => nock.disableNetConnect());
  afterAll(() => nock.enableNetConnect());
  beforeEach(async () => {
    store = await createTestStore();
    const oauth = createHubspotOAuth({ baseUrl: BASE, authorizeBaseUrl: 'https://app.hubspot.com', clientId: env.HUBSPOT_CLIENT_ID, clientSecret: env.HUBSPOT_CLIENT_SECRET });
    await createPortalTokens(store, oauth, createTokenCipher(Buffer.from(KEY_HEX, 'hex')), memoryLogger().logger, () => NOW).save(77, { accessToken: 'oauth-access-77', refreshToken: 'refresh-77', expiresIn: 1800 }, NOW);
  });
  afterEach(async () => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    await store.close();
    expect(pending).toEqual([]);
  });

  it("reads and writes with the portal's OAuth token from the store, no HUBSPOT_ACCESS_TOKEN needed", async () => {
    const opened = await openPortalCrm(store, loadConfig(env), 77, () => NOW);
    expect(opened).toMatchObject({ portalId: 77, mode: 'oauth' });
    nock(BASE, { reqheaders: { authorization: 'Bearer oauth-access-77' } })
      .post('/crm/v3/objects/contacts/batch/read')
      .query(true)
      .reply(200, { status: 'COMPLETE', results: [{ id: 'c1', properties: { lifecyclestage: 'lead' }, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', archived: false }] });
    expect(await opened!.crm.readContacts(77, ['c1'], ['lifecyclestage'])).toMatchObject([{ id: 'c1', properties: { lifecyclestage: 'lead' } }]);
  });

  it('names what to set, or what to pass, when the portal cannot be reached', async () => {
    await expect(openPortalCrm(store, loadConfig({ HUBSPOT_BASE_URL: BASE }), 77, () => NOW)).rejects.toThrow(new CliError('portal 77 is an OAuth install: set HUBSPOT_CLIENT_ID, HUBSPOT_CLIENT_SECRET and LEADLOOP_ENCRYPTION_KEY (as the server has them) to write to it'));
    await expect(openPortalCrm(store, loadConfig(env), 78, () => NOW)).rejects.toThrow(/portal 78 has not installed leadloop/);
    expect(await openPortalCrm(store, loadConfig({ HUBSPOT_BASE_URL: BASE }), undefined, () => NOW)).toBeNull();
  });
});
