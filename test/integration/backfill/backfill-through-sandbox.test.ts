import { createTestStore } from '../../helpers/test-database';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createBackfill } from '../../../src/backfill/create-backfill';
import { loadScoringConfig } from '../../../src/config/load-scoring-config';
import { createHubspotCrm, privateAppTokens } from '../../../src/crm/hubspot/hubspot-crm';
import type { ObjectSearchPort } from '../../../src/crm/object-search-port';
import { withPropertiesReady } from '../../../src/crm/with-properties-ready';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/start-sandbox';
import type { Store } from '../../../src/store/store-port';
import { memoryLogger } from '../../helpers/memory-logger';

const TOKEN = 'pat-backfill-test';
const CONTACTS = 450; // more than two pages of 200
const NOW = Date.parse('2026-03-02T10:00:00Z');

let sandbox: RunningSandbox;
let store: Store;
let dir: string;

beforeEach(async () => {
  sandbox = await startSandbox({ clientId: 'c', clientSecret: 's', privateToken: TOKEN, contacts: CONTACTS, now: () => NOW });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-backfill-'));
  store = await createTestStore(dir);
});

afterEach(async () => {
  await store.close();
  await sandbox.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function backfill(o: { dryRun?: boolean; failAfterPages?: number; failNotes?: boolean; searches?: unknown[]; now?: number } = {}) {
  const raw = createHubspotCrm({ baseUrl: sandbox.url, tokenFor: privateAppTokens(TOKEN, sandbox.url), priority: 'background', retry: { attempts: 4, baseMs: 1, capMs: 1 } /* a 429 from the search limit is waited out, as in production */ });
  let pages = 0;
  // "Killed" half-way: the CRM stops answering searches after N pages, as a process killed between pages would.
  const searchContacts: ObjectSearchPort['searchContacts'] = async (portalId, request) => {
    if (o.failAfterPages !== undefined && pages >= o.failAfterPages) throw new Error('killed');
    pages += 1;
    o.searches?.push(request);
    return raw.searchContacts(portalId, request);
  };
  const ready = withPropertiesReady(raw);
  // Killed mid-page: the stages are written, the notes that explain them are not (HubSpot unreachable).
  const createNotes: typeof ready.createNotes = o.failNotes ? () => Promise.reject(new Error('killed before the notes')) : ready.createNotes;
  const crm = Object.assign(ready, { searchContacts, createNotes });
  return createBackfill({ crm, store, rules: loadScoringConfig('config/scoring.json'), logger: memoryLogger().logger, now: () => o.now ?? NOW, windowMs: 5, ...(o.dryRun ? { dryRun: true } : {}) });
}

const portalId = () => sandbox.portal.portalId;
/** Every note the sandbox holds, by the contact it is associated with (the sandbox records every create). */
function notesPerContact(): Map<string, number> {
  const out = new Map<string, number>();
  for (const note of sandbox.portal.table('notes').values()) {
    for (const link of sandbox.portal.associations.get(`notes:${note.id}`) ?? []) {
      if (link.startsWith('contacts:')) out.set(link.slice(9), (out.get(link.slice(9)) ?? 0) + 1);
    }
  }
  return out;
}
const contactIds = () => [...sandbox.portal.table('contacts').keys()];
const updatesSent = () => sandbox.batchInputs.filter((e) => e.kind === 'contacts' && e.op === 'update');

test('scores every contact, writes only what changed, one note per stage change; a second run writes nothing new', async () => {
  const result = await backfill().run({ portalId: portalId() });
  expect(result).toMatchObject({ done: CONTACTS, total: CONTACTS, finished: true });
  for (const id of contactIds()) expect((await store.listDecisions(portalId(), id)).length).toBeGreaterThan(0);
  const notes = notesPerContact();
  // Some seeded contacts are MQL-worthy: the backfill moves them and explains each move once.
  expect(notes.size).toBeGreaterThan(0);
  for (const n of notes.values()) expect(n).toBe(1);
  const mqls = contactIds().filter((id) => sandbox.portal.table('contacts').get(id)!.properties.lifecyclestage === 'marketingqualifiedlead');
  expect(mqls.length).toBeGreaterThan(0);
  for (const id of mqls) expect(notes.get(id)).toBe(1);
  // Only what changed: each contact's update names only properties whose value HubSpot did not hold.
  const sent = updatesSent().length;
  expect(sent).toBeGreaterThan(0);
  for (const u of updatesSent()) expect(Object.keys(u.properties)).not.toContain('email');
  expect(await store.getBackfillCheckpoint(portalId())).toMatchObject({ status: 'finished', done: CONTACTS });

  const again = await backfill().run({ portalId: portalId() });
  expect(again.done).toBe(CONTACTS);
  expect(updatesSent().length).toBe(sent);
  expect(notesPerContact()).toEqual(notes);
});

test('killed half-way and run again: continues after the checkpoint and finishes with no duplicate note', async () => {
  await expect(backfill({ failAfterPages: 2 }).run({ portalId: portalId() })).rejects.toThrow('killed');
  const halfway = await store.getBackfillCheckpoint(portalId());
  expect(halfway).toMatchObject({ status: 'running', done: 400 });
  const searches: unknown[] = [];
  const result = await backfill({ searches }).run({ portalId: portalId() });
  expect(result).toMatchObject({ done: CONTACTS, finished: true });
  // The rest only, not all over again: the first search starts after the 400th contact.
  const ids = contactIds().sort((a, b) => Number(a) - Number(b));
  expect(searches[0]).toMatchObject({ filterGroups: [{ filters: [{ propertyName: 'hs_object_id', operator: 'GT', value: ids[399] }] }] });
  for (const n of notesPerContact().values()) expect(n).toBe(1);
  for (const id of contactIds()) expect((await store.listDecisions(portalId(), id)).length).toBeGreaterThan(0);
});

test('--dry-run writes nothing to HubSpot and leaves no checkpoint', async () => {
  const result = await backfill({ dryRun: true }).run({ portalId: portalId() });
  expect(result.done).toBe(CONTACTS);
  expect(updatesSent()).toHaveLength(0);
  expect(sandbox.portal.table('notes').size).toBe(0);
  expect(await store.getBackfillCheckpoint(portalId())).toBeNull();
});

test('--limit stops after N contacts and the next run continues; --since only takes contacts modified since', async () => {
  const first = await backfill().run({ portalId: portalId(), limit: 250 });
  expect(first).toMatchObject({ done: 250, total: 250, finished: false });
  const ids = contactIds().sort((a, b) => Number(a) - Number(b));
  expect(await store.listDecisions(portalId(), ids[249]!)).not.toHaveLength(0);
  expect(await store.listDecisions(portalId(), ids[250]!)).toHaveLength(0);

  // Touch three contacts "later"; a --since run after the rest only sees them.
  const later = NOW + 60_000;
  for (const id of ids.slice(0, 3)) sandbox.portal.update('contacts', id, { jobtitle: 'CEO' }, { changeSource: 'CRM_UI' }, later);
  await store.clearBackfillCheckpoint(portalId());
  const since = await backfill().run({ portalId: portalId(), since: later });
  expect(since).toMatchObject({ done: 3, finished: true });
});

test('killed between the stage writes and their notes: the next run writes each note exactly once', async () => {
  await backfill({ failNotes: true }).run({ portalId: portalId() });
  expect(sandbox.portal.table('notes').size).toBe(0);
  const moved = contactIds().filter((id) => sandbox.portal.table('contacts').get(id)!.properties.lifecyclestage === 'marketingqualifiedlead');
  expect(moved.length).toBeGreaterThan(0);
  await store.clearBackfillCheckpoint(portalId()); // the worst case: the whole portal again
  // Later (a pending note is finished once it is no longer in flight), and once more.
  await backfill({ now: NOW + 120_000 }).run({ portalId: portalId() });
  await backfill({ now: NOW + 240_000 }).run({ portalId: portalId() });
  const notes = notesPerContact();
  for (const id of moved) expect(notes.get(id)).toBe(1);
  for (const n of notes.values()) expect(n).toBe(1);
});
