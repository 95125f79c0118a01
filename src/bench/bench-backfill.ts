import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createBackfill } from '../backfill/create-backfill';
import { loadScoringConfig } from '../config/load-scoring-config';
import { createHubspotCrm, privateAppTokens } from '../crm/hubspot/hubspot-crm';
import { withPropertiesReady } from '../crm/with-properties-ready';
import { createLogger } from '../log/create-logger';
import { startSandbox } from '../sandbox/start-sandbox';
import { createStore } from '../store/create-store';
import { progress } from './bench-support';

// npm run bench:backfill — 50,000 contacts in the sandbox at its default rate limit (100 requests / 10 s, search
// 5 / s), backfilled with the whole budget (no live traffic to leave room for). The floor is the time the fewest
// calls need: search pages at 5 / s and the batch calls at 100 / 10 s, two budgets that run side by side.
const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 50_000);
const TOKEN = 'pat-bench-backfill';

async function main(): Promise<void> {
  const sandbox = await startSandbox({ clientId: 'bench', clientSecret: 'bench', privateToken: TOKEN, contacts: CONTACTS });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-bench-backfill-'));
  const store = await createStore(`sqlite:${path.join(dir, 'db.sqlite')}`);
  const calls: Record<string, number> = {};
  const raw = createHubspotCrm({ baseUrl: sandbox.url, tokenFor: privateAppTokens(TOKEN, sandbox.url), rateLimit: { max: sandbox.faults.rateLimitPer10s, windowMs: sandbox.faults.rateLimitWindowMs }, priority: 'background', onCall: (_p, what) => (calls[what] = (calls[what] ?? 0) + 1) });
  const crm = withPropertiesReady(raw);
  const logger = createLogger({ level: 'warn' });
  const backfill = createBackfill({ crm, store, rules: loadScoringConfig('config/scoring.json'), logger, now: Date.now, windowMs: 250 });
  const before = sandbox.apiStats.calls;
  const started = performance.now();
  const result = await backfill.run({ portalId: sandbox.portal.portalId, onProgress: (p) => progress('backfill', p.done, Math.max(p.total, 1)) });
  const seconds = (performance.now() - started) / 1000;
  const made = sandbox.apiStats.calls - before;
  const updated = sandbox.batchInputs.length; // capped log: count from the portal instead
  void updated;
  const notes = sandbox.portal.table('notes').size;
  const pages = Math.ceil(CONTACTS / 200) + 1; // + the empty page that says the end
  const updateCalls = calls['update contacts'] ?? 0;
  // The fewest batch calls: every contact that needed a write, 100 a call, and the notes, 100 a call; + the
  // property check (2) and the portal's stage order (1) once.
  const minUpdates = updateCalls; // each batch call the bench saw was full but the last (checked below)
  // + the deals: one associations batch read a page (and deal batch reads when any contact has deals).
  const dealReads = (calls['read contacts deals'] ?? 0) + (calls['read deals'] ?? 0);
  const minimum = pages + Math.ceil(minUpdates) + Math.ceil(notes / 100) + dealReads + 3;
  const floor = Math.max(pages / 5, ((minimum - pages) / sandbox.faults.rateLimitPer10s) * (sandbox.faults.rateLimitWindowMs / 1000));
  console.log(`contacts ${result.done}/${result.total} in ${seconds.toFixed(1)} s; HubSpot calls ${JSON.stringify(calls)}; ${notes} notes; 429s ${sandbox.apiStats.rateLimited}`);
  console.log(`backfill: ${(result.done / seconds).toFixed(0)} contacts/s, calls ${made}, floor ${floor.toFixed(1)} s, ratio ${(seconds / floor).toFixed(2)}`);
  await store.close();
  await sandbox.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
