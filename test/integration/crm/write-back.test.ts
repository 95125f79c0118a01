import { createTestStore } from '../../helpers/test-database';
import nock from 'nock';
import { createHubspotCrm } from '../../../src/crm/hubspot/hubspot-crm';
import { createDecider } from '../../../src/domain/decide';
import type { Store } from '../../../src/store/store-port';
import { createWriteBack } from '../../../src/writeback/write-back';
import { noteMarker } from '../../../src/writeback/note-body';
import { memoryLogger } from '../../helpers/memory-logger';
import { waitFor } from '../../helpers/start-test-app';
import { NOW, TARGET, testRules } from '../../helpers/test-rules';

const BASE = 'https://api.hubapi.com';
const PORTAL = 62515;
const decide = createDecider(testRules(), 'wb');
const demo = { kind: 'form_submitted' as const, at: NOW, formName: 'Demo request' };
const mqlDecision = (id: string) => decide({ id, properties: { ...TARGET, lifecyclestage: 'lead' } }, [demo], NOW);
const crmHolding = (d: ReturnType<typeof mqlDecision>, stage: string) => ({
  lifecyclestage: stage,
  leadloop_score: String(Math.round(d.score)),
  leadloop_fit_grade: d.fit.grade,
  leadloop_engagement_score: String(Math.round(d.engagement.score)),
  leadloop_matrix_cell: d.cell,
  leadloop_last_decision: null,
});

describe('write-back', () => {
  let store: Store;
  let calls: string[];
  beforeAll(() => nock.disableNetConnect());
  afterAll(() => nock.enableNetConnect());
  beforeEach(async () => {
    store = await createTestStore();
    calls = [];
  });
  afterEach(async () => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    await store.close();
    expect(pending).toEqual([]);
  });

  const writeBack = (dryRun = false) =>
    createWriteBack({
      crm: createHubspotCrm({ baseUrl: BASE, tokenFor: async () => 'tok', retry: { attempts: 2, baseMs: 1, capMs: 2 }, onCall: (_p, what) => calls.push(what) }),
      store,
      logger: memoryLogger().logger,
      windowMs: 20,
      dryRun,
    });

  it('coalesces 100 contacts into one batch update and one batch of notes', async () => {
    let updated: Array<{ id: string; properties: Record<string, string> }> = [];
    let noteInputs: Array<{ properties: { hs_note_body: string } }> = [];
    nock(BASE).post('/crm/v3/objects/contacts/batch/update', (b) => ((updated = b.inputs), true)).reply(200, { status: 'COMPLETE', results: [] });
    nock(BASE)
      .post('/crm/v3/objects/notes/batch/create', (b) => ((noteInputs = b.inputs), true))
      .reply(201, () => ({ status: 'COMPLETE', results: noteInputs.map((n, i) => ({ id: `n${i}`, properties: n.properties, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', archived: false })) }));
    const wb = writeBack();
    await Promise.all(Array.from({ length: 100 }, (_, i) => wb.submit(PORTAL, mqlDecision(String(i + 1)), { lifecyclestage: 'lead' })));
    // the update is in when submit resolves; the notes follow, gathered in one batch
    await waitFor(() => calls.includes('create notes'), 3000, 'the notes');
    expect(calls).toEqual(['update contacts', 'create notes']);
    expect(updated).toHaveLength(100);
    expect(updated[0]!.properties).toMatchObject({ lifecyclestage: 'marketingqualifiedlead', leadloop_score: '105', leadloop_fit_grade: 'A', leadloop_matrix_cell: 'readyTarget' });
    expect(updated[0]!.properties).not.toHaveProperty('hubspotscore');
    expect(noteInputs).toHaveLength(100);
    expect(noteInputs[0]!.properties.hs_note_body).toContain('leadloop moved this contact from Lead to Marketing qualified lead.');
    expect(noteInputs[0]!.properties.hs_note_body).toContain(noteMarker(`note:${PORTAL}:1:lead>marketingqualifiedlead`));
  });

  it('makes no call when the CRM already holds the decision', async () => {
    const d = mqlDecision('5');
    await writeBack().submit(PORTAL, d, crmHolding(d, 'marketingqualifiedlead'));
    expect(calls).toEqual([]);
  });

  it('writes only the fields that differ, and never moves a stage back', async () => {
    const d = mqlDecision('6');
    let sent: Record<string, string> = {};
    nock(BASE).post('/crm/v3/objects/contacts/batch/update', (b) => ((sent = b.inputs[0].properties), true)).reply(200, { status: 'COMPLETE', results: [] });
    // someone already made the contact a customer, and the score moved
    await writeBack().submit(PORTAL, d, { ...crmHolding(d, 'customer'), leadloop_score: '12' });
    expect(sent).toEqual({ leadloop_score: '105' });
    expect(calls).toEqual(['update contacts']);
  });

  it('after a crash between the note call and its confirmation, finds the note instead of writing a second', async () => {
    const d = mqlDecision('7');
    const key = `note:${PORTAL}:7:lead>marketingqualifiedlead`;
    // the earlier run recorded its intent, called HubSpot, and died before confirming
    expect(await store.beginCrmWrite(key, PORTAL, '7', 'note', NOW)).toBe('new');
    nock(BASE).post('/crm/v3/objects/contacts/batch/update').reply(200, { status: 'COMPLETE', results: [] });
    nock(BASE).get('/crm/v4/objects/contacts/7/associations/notes').query(true).reply(200, { results: [{ toObjectId: 900, associationTypes: [] }] });
    nock(BASE).post('/crm/v3/objects/notes/batch/read').query(true).reply(200, { status: 'COMPLETE', results: [{ id: '900', properties: { hs_note_body: `… ${noteMarker(key)}` }, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', archived: false }] });
    await writeBack().submit(PORTAL, d, { lifecyclestage: 'lead' });
    await waitFor(() => nock.pendingMocks().length === 0, 3000, 'the note lookup');
    await waitFor(async () => (await store.beginCrmWrite(key, PORTAL, '7', 'note', NOW)) === 'done', 3000, 'the confirmation');
    expect(calls).not.toContain('create notes');
    // and a later re-run of the same decision writes no note at all
    nock(BASE).post('/crm/v3/objects/contacts/batch/update').reply(200, { status: 'COMPLETE', results: [] });
    calls = [];
    await writeBack().submit(PORTAL, d, { lifecyclestage: 'lead' });
    expect(calls).toEqual(['update contacts']);
  });

  it('after a crash before HubSpot got the note, writes it exactly once', async () => {
    const key = `note:${PORTAL}:8:lead>marketingqualifiedlead`;
    await store.beginCrmWrite(key, PORTAL, '8', 'note', NOW);
    nock(BASE).post('/crm/v3/objects/contacts/batch/update').reply(200, { status: 'COMPLETE', results: [] });
    nock(BASE).get('/crm/v4/objects/contacts/8/associations/notes').query(true).reply(200, { results: [] });
    nock(BASE).post('/crm/v3/objects/notes/batch/create').reply(201, (_u, b: { inputs: Array<{ properties: object }> }) => ({ status: 'COMPLETE', results: [{ id: 'n8', properties: b.inputs[0]!.properties, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', archived: false }] }));
    await writeBack().submit(PORTAL, mqlDecision('8'), { lifecyclestage: 'lead' });
    await waitFor(() => calls.includes('create notes'), 3000, 'the note');
    await waitFor(async () => (await store.beginCrmWrite(key, PORTAL, '8', 'note', NOW)) === 'done', 3000, 'the confirmation');
    expect(calls.filter((c) => c === 'create notes')).toHaveLength(1);
  });

  it('leaves a note to the sweep that has it in flight (another instance): a replay of its decision neither looks for it nor writes it', async () => {
    const key = `note:${PORTAL}:12:lead>marketingqualifiedlead`;
    expect(await store.beginCrmWrite(key, PORTAL, '12', 'note', NOW, '{}')).toBe('new'); // then its writer crashed
    expect((await store.takeStalePendingWrites('note', NOW + 60_000, NOW + 100_000, 10)).map((w) => w.key)).toEqual([key]); // a sweep took it
    nock(BASE).post('/crm/v3/objects/contacts/batch/update').reply(200, { status: 'COMPLETE', results: [] });
    const wb = createWriteBack({ crm: createHubspotCrm({ baseUrl: BASE, tokenFor: async () => 'tok', onCall: (_p, what) => calls.push(what) }), store, logger: memoryLogger().logger, windowMs: 20, now: () => NOW + 110_000 });
    await wb.submit(PORTAL, mqlDecision('12'), { lifecyclestage: 'lead' });
    await wb.drain();
    expect(calls).toEqual(['update contacts']);
  });

  it('the sweep finishes a note left pending by a crash before anything reached HubSpot', async () => {
    const key = `note:${PORTAL}:11:lead>marketingqualifiedlead`;
    const payload = JSON.stringify({ body: `<p>why</p><p><small>${noteMarker(key)}</small></p>`, timestamp: NOW, marker: noteMarker(key) });
    await store.beginCrmWrite(key, PORTAL, '11', 'note', Date.now() - 120_000, payload);
    nock(BASE).get('/crm/v4/objects/contacts/11/associations/notes').query(true).reply(200, { results: [] });
    nock(BASE).post('/crm/v3/objects/notes/batch/create').reply(201, (_u, b: { inputs: Array<{ properties: object }> }) => ({ status: 'COMPLETE', results: [{ id: 'n11', properties: b.inputs[0]!.properties, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', archived: false }] }));
    const wb = writeBack();
    expect(await wb.sweep()).toBe(1);
    await waitFor(async () => (await store.beginCrmWrite(key, PORTAL, '11', 'note', NOW)) === 'done', 3000, 'the note');
    expect(await wb.sweep()).toBe(0); // nothing pending any more
    expect(calls).toEqual(['read note associations', 'create notes']);
  });

  it('a validation error rejects the batch with HubSpot\'s message (the worker parks it as a dead letter)', async () => {
    nock(BASE).post('/crm/v3/objects/contacts/batch/update').once().reply(400, { status: 'error', message: 'Property "leadloop_score" does not exist', category: 'VALIDATION_ERROR' });
    await expect(writeBack().submit(PORTAL, mqlDecision('9'), { lifecyclestage: 'lead' })).rejects.toMatchObject({ code: 'CRM.VALIDATION', retryable: false, message: expect.stringContaining('does not exist') });
  });

  it('--dry-run computes and logs, and calls nothing', async () => {
    await writeBack(true).submit(PORTAL, mqlDecision('10'), { lifecyclestage: 'lead' });
    expect(calls).toEqual([]);
  });
});
