import { createTestStore } from '../../helpers/test-database';
import nock from 'nock';
import { createHubspotCrm } from '../../../src/crm/hubspot/hubspot-crm';
import { createHubspotOAuth } from '../../../src/crm/hubspot/hubspot-oauth';
import { createPortalTokens } from '../../../src/oauth/portal-tokens';
import { createTokenCipher } from '../../../src/oauth/token-cipher';
import type { Store } from '../../../src/store/store-port';
import { memoryLogger } from '../../helpers/memory-logger';

const BASE = 'https://api.hubapi.com';
/** The tokens' clock: a fixed instant, moved by the tests, never the wall clock. */
const NOW = Date.parse('2026-11-17T15:00:00Z');
const cipher = createTokenCipher(Buffer.alloc(32, 9));
const oauth = createHubspotOAuth({ baseUrl: BASE, authorizeBaseUrl: 'https://app.hubspot.com', clientId: 'cid', clientSecret: 'csecret' });

describe('portal tokens', () => {
  let store: Store;
  let clock: number;
  beforeAll(() => nock.disableNetConnect());
  afterAll(() => nock.enableNetConnect());
  beforeEach(async () => {
    store = await createTestStore();
    clock = NOW;
  });
  afterEach(async () => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    await store.close();
    expect(pending).toEqual([]);
  });
  const tokens = () => createPortalTokens(store, oauth, cipher, memoryLogger().logger, () => clock);

  it('seal and unseal round-trip; a token sealed for one portal does not open for another, nor when altered', () => {
    const sealed = cipher.encrypt('secret-token', 'portal:1');
    expect(sealed).not.toContain('secret-token');
    expect(cipher.decrypt(sealed, 'portal:1')).toBe('secret-token');
    expect(() => cipher.decrypt(sealed, 'portal:2')).toThrow();
    const parts = sealed.split('.');
    parts[3] = Buffer.from('x'.repeat(12)).toString('base64url');
    expect(() => cipher.decrypt(parts.join('.'), 'portal:1')).toThrow();
  });

  it('refreshes before expiry from expires_in, one refresh at a time per portal however many calls wait', async () => {
    const t = tokens();
    await t.save(1, { accessToken: 'old-access', refreshToken: 'refresh-1', expiresIn: 1800 }, clock);
    expect(await t.tokenFor(1)).toBe('old-access');
    clock += 1800_000 - 60_000; // one minute before expiry: inside the refresh margin
    nock(BASE)
      .post('/oauth/2026-03/token', (b: Record<string, string>) => b.grant_type === 'refresh_token' && b.refresh_token === 'refresh-1')
      .once()
      .delay(50)
      .reply(200, { access_token: 'new-access', refresh_token: 'refresh-2', expires_in: 1800, hub_id: 1 });
    const all = await Promise.all(Array.from({ length: 20 }, () => t.tokenFor(1)));
    expect(new Set(all)).toEqual(new Set(['new-access']));
    expect(await t.unseal(1)).toEqual({ accessToken: 'new-access', refreshToken: 'refresh-2' });
  });

  it('BAD_REFRESH_TOKEN ends the portal: tokens deleted, queued work parked with the reason', async () => {
    const t = tokens();
    await t.save(2, { accessToken: 'a', refreshToken: 'dead-refresh', expiresIn: 1 }, clock);
    await store.insertWebhookEvents(
      [{ portalId: 2, subscriptionId: 1, eventId: '1', occurredAt: 1, subscriptionType: 'contact.creation', subjectKey: '2:contact:5', objectId: '5', propertyName: null, propertyValue: null, changeSource: null, sourceId: null, attemptNumber: 0, payload: '{}', status: 'pending' }],
      clock,
    );
    nock(BASE).post('/oauth/2026-03/token').reply(400, { status: 'BAD_REFRESH_TOKEN', message: 'missing or invalid refresh token', error: 'invalid_grant', error_description: 'refresh token is invalid, expired or revoked' });
    await expect(t.tokenFor(2)).rejects.toMatchObject({ code: 'CRM.UNAUTHORIZED', retryable: false });
    expect(await store.getPortal(2)).toMatchObject({ status: 'uninstalled', sealedAccessToken: null, sealedRefreshToken: null });
    expect(await store.listEvents('dead', 10)).toEqual([expect.objectContaining({ portalId: 2, lastError: expect.stringContaining('BAD_REFRESH_TOKEN') })]);
    await expect(t.tokenFor(2)).rejects.toMatchObject({ message: expect.stringContaining('not installed') });
  });

  it("events of portal A are sent with A's token, never B's; an unknown portal gets none", async () => {
    const t = tokens();
    await t.save(100, { accessToken: 'token-A', refreshToken: 'r-A', expiresIn: 1800 }, clock);
    await t.save(200, { accessToken: 'token-B', refreshToken: 'r-B', expiresIn: 1800 }, clock);
    const crm = createHubspotCrm({ baseUrl: BASE, tokenFor: t.tokenFor, retry: { attempts: 1, baseMs: 1, capMs: 1 } });
    nock(BASE, { reqheaders: { authorization: 'Bearer token-A' } }).post('/crm/v3/objects/contacts/batch/read').query(true).reply(200, { status: 'COMPLETE', results: [] });
    nock(BASE, { reqheaders: { authorization: 'Bearer token-B' } }).post('/crm/v3/objects/contacts/batch/read').query(true).reply(200, { status: 'COMPLETE', results: [] });
    await crm.readContacts(100, ['1'], ['email']);
    await crm.readContacts(200, ['1'], ['email']);
    await expect(crm.readContacts(300, ['1'], ['email'])).rejects.toMatchObject({ code: 'CRM.UNAUTHORIZED' });
  });
});

describe('removing a portal', () => {
  it('uninstalls through HubSpot, revokes the token and purges the portal\'s data', async () => {
    nock.disableNetConnect();
    const store = await createTestStore();
    try {
      const t = createPortalTokens(store, oauth, cipher, memoryLogger().logger, () => NOW);
      await t.save(300, { accessToken: 'acc-300', refreshToken: 'ref-300', expiresIn: 1800 }, NOW);
      await store.applyContactChanges(300, '9', [{ name: 'email', value: 'x@y.io', at: 1 }], []);
      nock(BASE, { reqheaders: { authorization: 'Bearer acc-300' } }).delete('/appinstalls/2026-03/external-install').reply(204);
      nock(BASE).post('/oauth/2026-03/token/revoke', (b: Record<string, string>) => b.token === 'ref-300').reply(200, {});
      const { removePortal } = await import('../../../src/oauth/remove-portal');
      expect(await removePortal(store, oauth, t, 300)).toEqual(['uninstalled', 'refresh token revoked', 'data purged']);
      expect(await store.getPortal(300)).toBeNull();
      expect(await store.loadContact(300, '9')).toBeNull();
      expect(nock.pendingMocks()).toEqual([]);
    } finally {
      nock.cleanAll();
      nock.enableNetConnect();
      await store.close();
    }
  });
});
