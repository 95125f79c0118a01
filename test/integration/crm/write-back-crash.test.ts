import { createTestStore } from '../../helpers/test-database';
import nock from 'nock';
import type { CrmPort } from '../../../src/crm/crm-port';
import { createHubspotCrm } from '../../../src/crm/hubspot/hubspot-crm';
import { createDecider } from '../../../src/domain/decide';
import type { Store } from '../../../src/store/store-port';
import { createWriteBack } from '../../../src/writeback/write-back';
import { memoryLogger } from '../../helpers/memory-logger';
import { waitFor } from '../../helpers/start-test-app';
import { NOW, TARGET, testRules } from '../../helpers/test-rules';

const BASE = 'https://api.hubapi.com';
const PORTAL = 62515;
const KEY = (id: string) => `note:${PORTAL}:${id}:lead>marketingqualifiedlead`;
const decide = createDecider(testRules(), 'wb');
const mqlDecision = (id: string) => decide({ id, properties: { ...TARGET, lifecyclestage: 'lead' } }, [{ kind: 'form_submitted', at: NOW, formName: 'Demo request' }], NOW);
const contactRead = (id: string, stage: string) => ({ status: 'COMPLETE', results: [{ id, properties: { lifecyclestage: stage }, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', archived: false }] });
const notesCreated = (_u: string, b: { inputs: Array<{ properties: object }> }) => ({ status: 'COMPLETE', results: b.inputs.map((n, i) => ({ id: `n${i}`, properties: n.properties, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', archived: false })) });

class Killed extends Error {}

/**
 * The stage is written, then the note: a process that dies in between must still get its note written, once;
 * and a note must never be written for a stage HubSpot does not hold.
 */
describe('write-back across a crash between the stage update and its note', () => {
  let store: Store;
  let calls: string[];
  let clock: number;
  beforeAll(() => nock.disableNetConnect());
  afterAll(() => nock.enableNetConnect());
  beforeEach(async () => {
    store = await createTestStore();
    calls = [];
    clock = NOW;
  });
  afterEach(async () => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    await store.close();
    expect(pending).toEqual([]);
  });

  const hubspot = () => createHubspotCrm({ baseUrl: BASE, tokenFor: async () => 'tok', retry: { attempts: 1, baseMs: 1, capMs: 2 }, onCall: (_p, what) => calls.push(what) });
  const writeBack = (crm: CrmPort) => createWriteBack({ crm, store, logger: memoryLogger().logger, windowMs: 5, now: () => clock });

  it('a process killed right after HubSpot took the stage: after the restart, the sweep writes the note exactly once', async () => {
    nock(BASE).post('/crm/v3/objects/contacts/batch/update').reply(200, { status: 'COMPLETE', results: [] });
    // The first process: its update reaches HubSpot, then it dies (nothing after the update runs).
    const dying: CrmPort = { ...hubspot(), updateContacts: async (p, u) => { await hubspot().updateContacts(p, u); throw new Killed('SIGKILL'); } };
    await expect(writeBack(dying).submit(PORTAL, mqlDecision('7'), { lifecyclestage: 'lead' })).rejects.toBeInstanceOf(Killed);
    expect(calls).toEqual(['update contacts']);

    // The restarted process: a minute later its sweep finds the note, sees the stage in HubSpot, and writes it.
    clock += 61_000;
    nock(BASE).post('/crm/v3/objects/contacts/batch/read').query(true).reply(200, contactRead('7', 'marketingqualifiedlead'));
    nock(BASE).get('/crm/v4/objects/contacts/7/associations/notes').query(true).reply(200, { results: [] });
    nock(BASE).post('/crm/v3/objects/notes/batch/create').reply(201, notesCreated);
    const restarted = writeBack(hubspot());
    expect(await restarted.sweep()).toBe(1);
    await waitFor(async () => (await store.beginCrmWrite(KEY('7'), PORTAL, '7', 'note', clock)) === 'done', 3000, 'the note confirmed');
    expect(calls.filter((c) => c === 'create notes')).toHaveLength(1);
    clock += 61_000;
    expect(await restarted.sweep()).toBe(0);
  });

  it('an update HubSpot refused leaves its note unwritten until the stage is there', async () => {
    nock(BASE).post('/crm/v3/objects/contacts/batch/update').reply(503, { status: 'error', message: 'unavailable', category: 'SERVICE_UNAVAILABLE' });
    await expect(writeBack(hubspot()).submit(PORTAL, mqlDecision('8'), { lifecyclestage: 'lead' })).rejects.toMatchObject({ code: 'CRM.UNAVAILABLE' });

    // The sweep a minute later: HubSpot still holds "lead", so no note explains a change that did not happen.
    clock += 61_000;
    nock(BASE).post('/crm/v3/objects/contacts/batch/read').query(true).reply(200, contactRead('8', 'lead'));
    const wb = writeBack(hubspot());
    expect(await wb.sweep()).toBe(1);
    await wb.drain(); // whatever the sweep queued has been sent (or tried) by now
    expect(calls).toEqual(['update contacts', 'read contacts']);

    // Once the retried update landed, the next sweep writes it, once.
    clock += 61_000;
    nock(BASE).post('/crm/v3/objects/contacts/batch/read').query(true).reply(200, contactRead('8', 'marketingqualifiedlead'));
    nock(BASE).get('/crm/v4/objects/contacts/8/associations/notes').query(true).reply(200, { results: [] });
    nock(BASE).post('/crm/v3/objects/notes/batch/create').reply(201, notesCreated);
    expect(await wb.sweep()).toBe(1);
    await waitFor(async () => (await store.beginCrmWrite(KEY('8'), PORTAL, '8', 'note', clock)) === 'done', 3000, 'the note confirmed');
    expect(calls.filter((c) => c === 'create notes')).toHaveLength(1);
  });
});
