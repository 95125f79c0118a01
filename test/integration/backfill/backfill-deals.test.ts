import { createTestStore } from '../../helpers/test-database';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createBackfill } from '../../../src/backfill/create-backfill';
import { loadScoringConfig } from '../../../src/config/load-scoring-config';
import { createHubspotCrm, privateAppTokens } from '../../../src/crm/hubspot/hubspot-crm';
import { withPropertiesReady } from '../../../src/crm/with-properties-ready';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/start-sandbox';
import type { Store } from '../../../src/store/store-port';
import { memoryLogger } from '../../helpers/memory-logger';

const TOKEN = 'pat-backfill-deals';
const NOW = Date.parse('2026-03-02T10:00:00Z');
const CONTACTS = 250; // two pages of 200

let sandbox: RunningSandbox;
let store: Store;
let dir: string;
beforeEach(async () => {
  sandbox = await startSandbox({ clientId: 'c', clientSecret: 's', privateToken: TOKEN, contacts: CONTACTS, now: () => NOW });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-backfill-deals-'));
  store = await createTestStore(dir);
});
afterEach(async () => {
  await store.close();
  await sandbox.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test("contacts' deals are read a page at a time: an open deal makes an opportunity, a won deal a customer", async () => {
  const ids = [...sandbox.portal.table('contacts').keys()].sort((a, b) => Number(a) - Number(b));
  const actor = { changeSource: 'CRM_UI' };
  const deal = (stage: string, contactId: string) => {
    const d = sandbox.portal.create('deals', { dealname: `deal ${contactId}`, dealstage: stage, pipeline: 'default', closedate: stage === 'closedwon' ? String(NOW - 86_400_000) : null }, actor, NOW - 10 * 86_400_000);
    sandbox.portal.associate('deals', d.id, 'contacts', contactId, actor, false);
  };
  const [open, wonOnFirstPage, wonOnSecondPage] = [ids[3]!, ids[10]!, ids[220]!];
  deal('appointmentscheduled', open);
  deal('closedwon', wonOnFirstPage);
  deal('closedwon', wonOnSecondPage);

  const calls: Record<string, number> = {};
  const raw = createHubspotCrm({ baseUrl: sandbox.url, tokenFor: privateAppTokens(TOKEN, sandbox.url), priority: 'background', retry: { attempts: 4, baseMs: 1, capMs: 1 }, onCall: (_p, what) => (calls[what] = (calls[what] ?? 0) + 1) });
  const crm = Object.assign(withPropertiesReady(raw), { searchContacts: raw.searchContacts, readContactsDeals: raw.readContactsDeals, readDeals: raw.readDeals });
  const backfill = createBackfill({ crm, store, rules: loadScoringConfig('config/scoring.json'), logger: memoryLogger().logger, now: () => NOW, windowMs: 5 });
  await backfill.run({ portalId: sandbox.portal.portalId });

  const stageOf = async (id: string) => (await store.listDecisions(sandbox.portal.portalId, id)).at(-1)?.stageTo;
  expect(await stageOf(open)).toBe('opportunity');
  expect(await stageOf(wonOnFirstPage)).toBe('customer');
  expect(await stageOf(wonOnSecondPage)).toBe('customer');
  expect(sandbox.portal.table('contacts').get(wonOnSecondPage)!.properties.lifecyclestage).toBe('customer');
  // One associations call a page (two pages), and deals read in batches: never a call per contact.
  expect(calls['read contacts deals']).toBe(2);
  expect(calls['read deals']).toBe(2);
  expect(calls['read deal contacts'] ?? 0).toBe(0);
  expect(calls['read deal'] ?? 0).toBe(0);
});
