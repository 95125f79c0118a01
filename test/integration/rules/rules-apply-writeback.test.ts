import { createTestStore } from '../../helpers/test-database';
import nock from 'nock';
import { createHubspotCrm } from '../../../src/crm/hubspot/hubspot-crm';
import { createDecider } from '../../../src/domain/decide';
import type { RuleSet } from '../../../src/domain/diff-contact';
import type { ScoringRules } from '../../../src/domain/scoring-rules';
import { rescoreChanged } from '../../../src/rules/rescore-changed';
import type { Store } from '../../../src/store/store-port';
import { createContactReader } from '../../../src/writeback/contact-reader';
import { createWriteBack } from '../../../src/writeback/write-back';
import { memoryLogger } from '../../helpers/memory-logger';
import { waitFor } from '../../helpers/start-test-app';
import { DAY, NOW, TARGET, testRules } from '../../helpers/test-rules';

const BASE = 'https://api.hubapi.com';
const PORTAL = 4242;
const ruleSet = (rules: ScoringRules, hash: string): RuleSet => ({ rules, hash, decide: createDecider(rules, hash) });
const current = ruleSet(testRules({ mqlThreshold: 60 }), 'current');
// The candidate: the title is worth 15, not 30; Canada 40, not 5; the threshold 70.
const base = testRules();
const candidate = ruleSet(
  testRules({
    mqlThreshold: 70,
    fit: { ...base.fit, rules: base.fit.rules.map((r) => (r.id === 'title' ? { ...r, points: 15 } : r.id === 'country' ? { ...r, points: 40 } : r)) },
  }),
  'candidate',
);
const CONTACTS: Record<string, Record<string, string>> = {
  d1: { ...TARGET, lifecyclestage: 'marketingqualifiedlead' }, // 60 → 45 (grade B): loses MQL, keeps the stage
  d2: { numemployees: '100-500', industry: 'Software', country: 'Canada', company: 'Acme', lifecyclestage: 'lead' }, // 35 → 70: MQL
  d3: { jobtitle: 'Student', company: 'Uni', email: 'kid@gmail.com', lifecyclestage: 'lead' }, // -20 under both: untouched
};

describe('rules apply through the write-back', () => {
  let store: Store;
  beforeAll(() => nock.disableNetConnect());
  afterAll(() => nock.enableNetConnect());
  beforeEach(async () => {
    store = await createTestStore();
    for (const [id, props] of Object.entries(CONTACTS)) await store.applyContactChanges(PORTAL, id, Object.entries(props).map(([name, value]) => ({ name, value, at: NOW - DAY })), []);
  });
  afterEach(async () => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    await store.close();
    expect(pending).toEqual([]);
  });

  it('re-scores only the changed contacts, never demotes a stage, one note per forward stage change', async () => {
    let readIds: string[] = [];
    let updates: Array<{ id: string; properties: Record<string, string> }> = [];
    let notes: Array<{ properties: Record<string, string>; associations: unknown }> = [];
    nock(BASE)
      .post('/crm/v3/objects/contacts/batch/read', (b) => ((readIds = b.inputs.map((i: { id: string }) => i.id)), true))
      .query(true)
      .reply(200, () => ({ status: 'COMPLETE', results: readIds.map((id) => ({ id, properties: CONTACTS[id], createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', archived: false })) }));
    nock(BASE).post('/crm/v3/objects/contacts/batch/update', (b) => ((updates = b.inputs), true)).reply(200, { status: 'COMPLETE', results: [] });
    nock(BASE)
      .post('/crm/v3/objects/notes/batch/create', (b) => ((notes = b.inputs), true))
      .reply(201, () => ({ status: 'COMPLETE', results: notes.map((n, i) => ({ id: `n${i}`, properties: n.properties, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', archived: false })) }));
    const crm = createHubspotCrm({ baseUrl: BASE, tokenFor: async () => 'tok', retry: { attempts: 1, baseMs: 1, capMs: 2 } });
    const writeBack = createWriteBack({ crm, store, logger: memoryLogger().logger, windowMs: 5 });
    const log = memoryLogger();
    const result = await rescoreChanged({ store, current, candidate, now: NOW, logger: log.logger, crm: { reader: createContactReader(crm, ['lifecyclestage'], 5), writeBack } });
    await writeBack.drain();
    await waitFor(() => notes.length > 0, 3000, 'the note');

    expect(result).toMatchObject({ scanned: 3, rescored: 2, failed: 0, summary: { changed: 2, becomeMql: 1, loseMql: 1, notes: 1 } });
    expect(readIds.sort()).toEqual(['d1', 'd2']);
    const byId = new Map(updates.map((u) => [u.id, u.properties]));
    expect([...byId.keys()].sort()).toEqual(['d1', 'd2']);
    // d1: new score and grade; its stage is not written (stays MQL in HubSpot).
    expect(byId.get('d1')).toMatchObject({ leadloop_score: '45', leadloop_fit_grade: 'B' });
    expect(byId.get('d1')).not.toHaveProperty('lifecyclestage');
    expect(byId.get('d2')).toMatchObject({ leadloop_score: '70', leadloop_fit_grade: 'A', lifecyclestage: 'marketingqualifiedlead' });
    expect(notes).toHaveLength(1);
    expect(notes[0]!.properties.hs_note_body).toContain('from Lead to Marketing qualified lead');
    expect((await store.listDecisions(PORTAL, 'd1')).at(-1)).toMatchObject({ configHash: 'candidate', stageTo: 'marketingqualifiedlead', score: 45, fitGrade: 'B' });
    expect(await store.listDecisions(PORTAL, 'd3')).toEqual([]);
  });
});
