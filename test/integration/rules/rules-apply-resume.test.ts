import { createTestStore } from '../../helpers/test-database';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import nock from 'nock';
import { loadScoringConfig } from '../../../src/config/load-scoring-config';
import { slaSchema } from '../../../src/config/sla-schema';
import { createHubspotCrm } from '../../../src/crm/hubspot/hubspot-crm';
import { applyRules, ruleSetOf, type ApplyRulesResult } from '../../../src/rules/apply-rules';
import type { RescoreProgress } from '../../../src/rules/rescore-changed';
import { createSlaTracker } from '../../../src/sla/track-sla';
import type { Store } from '../../../src/store/store-port';
import { createContactReader } from '../../../src/writeback/contact-reader';
import { createWriteBack } from '../../../src/writeback/write-back';
import { memoryLogger } from '../../helpers/memory-logger';
import { DAY, NOT_TARGET, NOW, TARGET, testRules } from '../../helpers/test-rules';

const BASE = 'https://api.hubapi.com';
const PORTAL = 4242;
const PROMOTED = ['c1', 'c2', 'c3', 'c4']; // fit 60: an MQL at threshold 60, not at 80
const sla = slaSchema.parse({ ...JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../config/sla.json'), 'utf8')), routing: { kind: 'defaultOwner', ownerId: '77' } });
// 2026-11-23 12:00 UTC is Monday 07:00 in New York: 24 business hours (9–17) end Wednesday 17:00 New York time.
const DUE = Date.UTC(2026, 10, 25, 22, 0, 0);

/** A HubSpot portal in memory behind nock: batch read, batch update (applied), note create; every call counted. */
function fakeHubspot(initial: Record<string, Record<string, string>>) {
  const hub = new Map(Object.entries(initial).map(([id, p]) => [id, { ...p }]));
  const calls = { reads: [] as string[][], updates: [] as Array<{ id: string; properties: Record<string, string> }>, notes: [] as Array<{ properties: Record<string, string> }> };
  const notes: Array<{ id: string; contactId: string; properties: Record<string, string> }> = [];
  let refuseUpdateOf: string | null = null;
  const object = (id: string) => ({ id, properties: hub.get(id), createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', archived: false });
  nock(BASE)
    .persist()
    .post('/crm/v3/objects/contacts/batch/read')
    .query(true)
    .reply(function (_uri, body) {
      const ids = (body as { inputs: Array<{ id: string }> }).inputs.map((i) => i.id);
      calls.reads.push(ids);
      return [200, { status: 'COMPLETE', results: ids.filter((id) => hub.has(id)).map(object) }];
    })
    .post('/crm/v3/objects/contacts/batch/update')
    .reply(function (_uri, body) {
      const inputs = (body as { inputs: typeof calls.updates }).inputs;
      if (refuseUpdateOf && inputs.some((u) => u.id === refuseUpdateOf)) return [500, { status: 'error', message: 'internal error' }];
      for (const u of inputs) {
        calls.updates.push(u);
        Object.assign(hub.get(u.id)!, u.properties);
      }
      return [200, { status: 'COMPLETE', results: [] }];
    })
    .post('/crm/v3/objects/notes/batch/create')
    .reply(201, (_uri, body) => {
      const inputs = (body as { inputs: Array<(typeof calls.notes)[number] & { associations: Array<{ to: { id: string } }> }> }).inputs;
      const created = inputs.map((n) => {
        calls.notes.push({ properties: n.properties });
        return { id: `n${calls.notes.length}`, contactId: n.associations[0]!.to.id, properties: n.properties };
      });
      notes.push(...created);
      return { status: 'COMPLETE', results: created.map((n) => ({ id: n.id, properties: n.properties, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', archived: false })) };
    })
    // A note whose write was interrupted is looked for (the contact's notes, then their bodies) before it is written.
    .get(/\/crm\/v4\/objects\/contacts\/[^/]+\/associations\/notes/)
    .query(true)
    .reply((uri) => {
      const contactId = uri.split('/')[5];
      return [200, { results: notes.filter((n) => n.contactId === contactId).map((n) => ({ toObjectId: n.id, associationTypes: [] })) }];
    })
    .post('/crm/v3/objects/notes/batch/read')
    .query(true)
    .reply(200, (_uri, body) => ({
      status: 'COMPLETE',
      results: notes.filter((n) => (body as { inputs: Array<{ id: string }> }).inputs.some((i) => i.id === n.id)).map((n) => ({ id: n.id, properties: n.properties, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', archived: false })),
    }));
  return { hub, calls, refuseUpdates: (id: string | null) => (refuseUpdateOf = id) };
}

describe('rules apply: resumable, with SLA clocks for the contacts it promotes', () => {
  let store: Store;
  let dir: string;
  let active: string;
  let candidateFile: string;
  const contacts: Record<string, Record<string, string>> = { ...Object.fromEntries(PROMOTED.map((id) => [id, { ...TARGET, lifecyclestage: 'lead' }])), n1: { ...NOT_TARGET, lifecyclestage: 'lead' } };

  beforeAll(() => nock.disableNetConnect());
  afterAll(() => nock.enableNetConnect());
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-resume-'));
    active = path.join(dir, 'scoring.json');
    candidateFile = path.join(dir, 'candidate.json');
    fs.writeFileSync(active, JSON.stringify(testRules({ mqlThreshold: 80 })));
    fs.writeFileSync(candidateFile, JSON.stringify(testRules({ mqlThreshold: 60 })));
    store = await createTestStore(dir);
    for (const [id, props] of Object.entries(contacts)) await store.applyContactChanges(PORTAL, id, Object.entries(props).map(([name, value]) => ({ name, value, at: NOW - DAY })), []);
  });
  afterEach(async () => {
    nock.cleanAll();
    await store.close();
  });

  /** One `leadloop rules apply --rules candidate.json`, as the CLI wires it (its own write-back, SLA tracker, clock). */
  async function apply(onProgress?: (p: RescoreProgress) => void): Promise<ApplyRulesResult | null> {
    const { logger } = memoryLogger();
    const crm = createHubspotCrm({ baseUrl: BASE, tokenFor: async () => 'tok', retry: { attempts: 1, baseMs: 1, capMs: 2 }, priority: 'background' });
    const writeBack = createWriteBack({ crm, store, logger, windowMs: 2, now: () => NOW });
    try {
      return await applyRules({
        store,
        current: ruleSetOf(loadScoringConfig(active)),
        candidate: ruleSetOf(loadScoringConfig(candidateFile)),
        activeFile: active,
        author: 'tester',
        now: NOW,
        logger,
        pageSize: 2,
        portalId: PORTAL,
        sla: createSlaTracker({ store, sla, logger, now: () => NOW }),
        crm: { reader: createContactReader(crm, ['lifecyclestage', 'hubspot_owner_id'], 2), writeBack },
        ...(onProgress ? { onProgress } : {}),
      });
    } finally {
      await writeBack.drain();
    }
  }

  async function expectEachPromotedOnce(calls: ReturnType<typeof fakeHubspot>['calls']) {
    const updatesPerContact = new Map<string, number>();
    for (const u of calls.updates) updatesPerContact.set(u.id, (updatesPerContact.get(u.id) ?? 0) + 1);
    expect(Object.fromEntries(updatesPerContact)).toEqual(Object.fromEntries(PROMOTED.map((id) => [id, 1])));
    expect(calls.notes).toHaveLength(PROMOTED.length);
    expect(new Set(calls.notes.map((n) => n.properties.hs_note_body)).size).toBe(PROMOTED.length);
    const candidateHash = loadScoringConfig(candidateFile).hash;
    for (const id of PROMOTED) expect((await store.listDecisions(PORTAL, id)).filter((d) => d.configHash === candidateHash)).toHaveLength(1);
  }

  it('dies after the first page; the next apply finishes the re-score, each contact once, each note once', async () => {
    const { calls } = fakeHubspot(contacts);
    const before = loadScoringConfig(active).hash;
    await expect(
      apply((p) => {
        if (p.scanned >= 2) throw new Error('killed');
      }),
    ).rejects.toThrow('killed');
    expect(calls.updates.map((u) => u.id).sort()).toEqual(['c1', 'c2']);
    expect(fs.readFileSync(active, 'utf8')).toBe(fs.readFileSync(candidateFile, 'utf8')); // the version is in force

    const resumed = await apply();
    expect(resumed).toMatchObject({ resumed: true, rescored: 2, alreadyDone: 2, failed: 0, from: before }); // against the version it replaced
    await expectEachPromotedOnce(calls);

    // A third run finds nothing left: no read, no write.
    const reads = calls.reads.length;
    expect(await apply()).toMatchObject({ resumed: true, rescored: 0, alreadyDone: 4 });
    expect(calls.reads.length).toBe(reads);
  });

  it('HubSpot refuses a page\'s update: those contacts fail, and the next apply re-scores (and writes) only them', async () => {
    const fake = fakeHubspot(contacts);
    fake.refuseUpdates('c3');
    expect(await apply()).toMatchObject({ resumed: false, rescored: 2, failed: 2 });
    expect(fake.calls.updates.map((u) => u.id).sort()).toEqual(['c1', 'c2']);
    fake.refuseUpdates(null);
    expect(await apply()).toMatchObject({ resumed: true, rescored: 2, alreadyDone: 2, failed: 0 });
    await expectEachPromotedOnce(fake.calls);
  });

  it('opens one SLA item, with its due time, for each contact the new threshold promotes', async () => {
    const fake = fakeHubspot(contacts);
    await apply();
    for (const id of PROMOTED) {
      const item = await store.activeSlaItem(PORTAL, id);
      expect(item).toMatchObject({ openedAt: NOW, firstTouchDueAt: DUE, ownerId: '77', status: 'open' });
      expect(fake.hub.get(id)).toMatchObject({ lifecyclestage: 'marketingqualifiedlead', leadloop_sla_due: String(DUE), leadloop_sla_status: 'open', hubspot_owner_id: '77' });
    }
    expect(await store.activeSlaItem(PORTAL, 'n1')).toBeNull();
    expect(await store.listSlaItems({ limit: 100 })).toHaveLength(PROMOTED.length);
  });
});
