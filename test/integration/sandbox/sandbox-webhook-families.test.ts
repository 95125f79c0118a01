import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/start-sandbox';
import { testClock } from '../../helpers/test-clock';

const TOKEN = 'pat-sandbox-webhooks-test';
const T0 = Date.parse('2026-11-24T10:00:00Z');

type Event = Record<string, unknown> & { subscriptionType: string };

/** A receiver that records every event the sandbox delivers. */
async function receiver() {
  const events: Event[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      events.push(...(JSON.parse(body) as Event[]));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { events, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

// A 2026.03 project's webhooks-hsmeta.json, as in HubSpot's configure-webhooks guide (facts §4).
const projectManifest = {
  uid: 'webhooks', type: 'webhooks',
  config: {
    settings: { targetUrl: 'https://example.com/webhook', maxConcurrentRequests: 10 },
    subscriptions: {
      crmObjects: [
        { subscriptionType: 'object.creation', objectType: 'contact', active: true },
        { subscriptionType: 'object.propertyChange', objectType: 'contact', propertyName: 'jobtitle', active: true },
        { subscriptionType: 'object.propertyChange', objectType: 'deal', propertyName: 'dealstage', active: true },
      ],
      legacyCrmObjects: [{ subscriptionType: 'contact.associationChange', active: true }],
      hubEvents: [{ subscriptionType: 'contact.privacyDeletion', active: true }],
    },
  },
};

describe('the sandbox’s webhooks follow the manifest it is given', () => {
  let sandbox: RunningSandbox;
  let hook: Awaited<ReturnType<typeof receiver>>;
  afterEach(async () => {
    await sandbox.close();
    await hook.close();
  });

  async function start(manifest?: unknown) {
    hook = await receiver();
    sandbox = await startSandbox({ clientId: 'c', clientSecret: 's', privateToken: TOKEN, targetUrl: hook.url, now: testClock(T0).now, ...(manifest ? { manifest } : {}) });
    const c = sandbox.portal.create('contacts', { email: 'fam@ily.example', jobtitle: 'CTO' }, { changeSource: 'CRM_UI' });
    const d = sandbox.portal.create('deals', { dealname: 'D', pipeline: '84210317', dealstage: '152208441' }, { changeSource: 'CRM_UI' });
    sandbox.portal.associate('contacts', c.id, 'deals', d.id, { changeSource: 'CRM_UI' });
    sandbox.portal.update('deals', d.id, { dealstage: '152208443' }, { changeSource: 'CRM_UI' });
    sandbox.portal.gdprDeleteContact(c.id, { changeSource: 'GDPR' });
    await sandbox.dispatcher.idle();
    return { contactId: Number(c.id), dealId: Number(d.id) };
  }

  it('sends legacy payloads for a legacy manifest', async () => {
    const { contactId, dealId } = await start();
    const types = hook.events.map((e) => e.subscriptionType);
    expect(types).toEqual(expect.arrayContaining(['contact.creation', 'contact.propertyChange', 'contact.associationChange', 'deal.associationChange', 'deal.propertyChange', 'contact.deletion', 'contact.privacyDeletion']));
    expect(hook.events.some((e) => e.subscriptionType.startsWith('object.'))).toBe(false);
    expect(hook.events.find((e) => e.subscriptionType === 'contact.privacyDeletion')).toMatchObject({ objectId: contactId });
    expect(hook.events.find((e) => e.subscriptionType === 'deal.propertyChange' && e.propertyValue === '152208443')).toMatchObject({ objectId: dealId, propertyName: 'dealstage' });
  });

  it('sends generic payloads with objectTypeId for a 2026.03 project’s crmObjects, legacy ones for its legacyCrmObjects, and the privacy deletion as a hub event', async () => {
    const { contactId, dealId } = await start(projectManifest);
    expect(hook.events.find((e) => e.subscriptionType === 'object.creation')).toMatchObject({ objectId: contactId, objectTypeId: '0-1', changeFlag: 'CREATED' });
    expect(hook.events.find((e) => e.subscriptionType === 'object.propertyChange' && e.propertyName === 'jobtitle')).toMatchObject({ objectId: contactId, objectTypeId: '0-1', propertyValue: 'CTO' });
    expect(hook.events.find((e) => e.subscriptionType === 'object.propertyChange' && e.propertyValue === '152208443')).toMatchObject({ objectId: dealId, objectTypeId: '0-3', propertyName: 'dealstage' });
    expect(hook.events.find((e) => e.subscriptionType === 'contact.associationChange')).toMatchObject({ associationType: 'CONTACT_TO_DEAL', fromObjectId: contactId, toObjectId: dealId, associationRemoved: false });
    expect(hook.events.find((e) => e.subscriptionType === 'contact.privacyDeletion')).toMatchObject({ objectId: contactId });
    // Nothing the project did not subscribe to.
    expect(hook.events.map((e) => e.subscriptionType).sort()).toEqual(['contact.associationChange', 'contact.privacyDeletion', 'object.creation', 'object.propertyChange', 'object.propertyChange', 'object.propertyChange']);
  });
});
