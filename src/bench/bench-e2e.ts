import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../config/load-config';
import { createLogger } from '../log/create-logger';
import type { PortalChange } from '../sandbox/sandbox-portal';
import { SANDBOX_FORMS } from '../sandbox/seed-portal';
import { startSandbox } from '../sandbox/start-sandbox';
import { startLeadloop } from '../start-leadloop';
import { percentile, progress } from './bench-support';

// npm run bench:e2e — N demo-request submissions through the sandbox, leadloop wired to it as `npm start` wires
// it. Measures submission → lifecycle stage written, HubSpot calls per changed contact, and contacts/s next to
// the floor the sandbox's rate limit sets (its calls per second ÷ the calls each contact needed).
const N = Number(process.env.BENCH_E2E_SUBMISSIONS ?? 500);
const RATE_LIMIT = 100; // per 10 s: HubSpot's (and the sandbox's default) limit for a private app
const SECRET = 'bench-e2e-secret';
const TOKEN = 'pat-bench-e2e';

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-bench-e2e-'));
  const submittedAt = new Map<string, number>();
  const stagedAt = new Map<string, number>();
  const emailOf = new Map<string, string>();
  const sandbox = await startSandbox({
    clientId: 'bench',
    clientSecret: SECRET,
    privateToken: TOKEN,
    faults: { rateLimitPer10s: RATE_LIMIT },
    onChange: (c: PortalChange) => {
      if (c.kind === 'propertyChange' && c.propertyName === 'lifecyclestage' && c.propertyValue === 'marketingqualifiedlead' && !stagedAt.has(c.objectId)) {
        stagedAt.set(c.objectId, performance.now());
        progress('stages written', stagedAt.size, N);
      }
    },
  });
  const config = loadConfig({ PORT: '0', DATABASE_URL: `sqlite:${path.join(dir, 'l.sqlite')}`, LEADLOOP_DATA_DIR: dir, HUBSPOT_CLIENT_SECRET: SECRET, HUBSPOT_ACCESS_TOKEN: TOKEN, HUBSPOT_BASE_URL: sandbox.url, LOG_LEVEL: 'error', LEADLOOP_HUBSPOT_MAX_REQUESTS: String(RATE_LIMIT) });
  const app = await startLeadloop(config, { logger: createLogger({ level: 'error' }), host: '127.0.0.1' });
  sandbox.setTargetUrl(`${app.url}/webhooks/hubspot`);

  const started = performance.now();
  for (let i = 0; i < N; i++) {
    const email = `bench.buyer.${i}@meridian.example`;
    const fields = { email, jobtitle: 'VP Marketing', company: 'Meridian Software', numemployees: '100-500', industry: 'Software', country: 'United States' };
    submittedAt.set(email, performance.now());
    const res = await fetch(`${sandbox.url}/submissions/v3/integration/submit/${sandbox.portal.portalId}/${SANDBOX_FORMS.demoRequest.id}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ fields: Object.entries(fields).map(([name, value]) => ({ name, value })) }),
    });
    if (!res.ok) throw new Error(`submission ${i}: ${res.status}`);
    emailOf.set(sandbox.portal.contactByEmail(email)!.id, email);
  }
  const deadline = Date.now() + 300_000;
  while (stagedAt.size < N && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const seconds = (Math.max(...stagedAt.values()) - started) / 1000;
  const latencies = [...stagedAt].map(([id, at]) => (at - submittedAt.get(emailOf.get(id)!)!) / 1000).sort((a, b) => a - b);
  await app.close();
  await sandbox.close();

  const calls = sandbox.apiStats.calls;
  const perContact = calls / stagedAt.size;
  const achieved = stagedAt.size / seconds;
  // The floor: what the rate limit allows at this many calls per contact. A ratio near 1 means leadloop is
  // limited by HubSpot, not by itself.
  const floor = RATE_LIMIT / 10 / perContact;
  console.log(`submissions: ${N}; stages written: ${stagedAt.size} in ${seconds.toFixed(1)} s; 429s: ${sandbox.apiStats.rateLimited}; HubSpot calls: ${calls}`);
  console.log(`submission → stage written: p50 ${percentile(latencies, 50).toFixed(2)} s, p95 ${percentile(latencies, 95).toFixed(2)} s`);
  console.log(`throughput: ${achieved.toFixed(1)} contacts/s; floor set by the rate limit (${RATE_LIMIT}/10 s at ${perContact.toFixed(2)} calls/contact): ${floor.toFixed(1)} contacts/s`);
  console.log(`e2e: p95 ${percentile(latencies, 95).toFixed(2)} s, ${perContact.toFixed(2)} calls/contact, ratio to floor ${(achieved / floor).toFixed(2)}`);
  if (stagedAt.size < N) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
