import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../config/load-config';
import { createLogger } from '../log/create-logger';
import type { PortalChange } from '../sandbox/sandbox-portal';
import { SANDBOX_FORMS } from '../sandbox/seed-portal';
import { startSandbox } from '../sandbox/start-sandbox';
import { startLeadloop } from '../start-leadloop';
import { benchPgUrlOrExit, createBenchDatabase } from './bench-postgres';
import { percentile, progress, startChild, workerNodeArgs } from './bench-support';
import { cpuSecondsOfPids, machineCpuTimes, postgresCpuSeconds } from './process-cpu';

// npm run bench:e2e — N demo-request submissions through the sandbox, leadloop wired to it as `npm start` wires
// it. Measures submission → lifecycle stage written, HubSpot calls per changed contact, and contacts/s next to
// the floor the sandbox's rate limit sets (its calls per second ÷ the calls each contact needed). With
// LEADLOOP_BENCH_SPLIT=1, the same submissions again against a web and a worker process on PostgreSQL.
const N = Number(process.env.BENCH_E2E_SUBMISSIONS ?? 500);
const RATE_LIMIT = 100; // per rolling 10 s: HubSpot's (and the sandbox's default) limit for a private app
const RATE_WINDOW_MS = 10_000;
const SECRET = 'bench-e2e-secret';
const TOKEN = 'pat-bench-e2e';
const HELP = `npm run bench:e2e — ${N} demo requests (BENCH_E2E_SUBMISSIONS), submission → lifecycle stage written.
  LEADLOOP_BENCH_SPLIT=1   also run one web and one worker process on PostgreSQL (needs LEADLOOP_BENCH_PG_URL),
                           and print both figures side by side`;

interface Figures {
  label: string;
  staged: number;
  seconds: number;
  p50: number;
  p95: number;
  calls: number;
  rateLimited: number;
  /** Seconds from the first submission to each submission, in order. */
  submittedOffsets: number[];
  /** The most HubSpot calls the sandbox answered in any rolling window of the rate limit's 10 s. */
  peakCallsPerWindow: number;
  /** Share of all cores busy, first submission to last stage written. */
  machineBusy: number;
  /** CPU seconds over the same span, by process; null where /proc cannot be read. */
  cpu: Record<string, number> | null;
}

interface App {
  url: string;
  close(): Promise<void>;
  /** CPU seconds of the app's own processes by role (a split run); absent when the app runs in this process. */
  cpuSeconds?(): Record<string, number> | null;
}
type StartApp = (hubspotUrl: string) => Promise<App>;

/** leadloop and the sandbox in this process, on SQLite, wired as `npm start` wires them (the figure measured so far). */
const allInOne: StartApp = async (hubspotUrl) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-bench-e2e-'));
  const config = loadConfig({ PORT: '0', DATABASE_URL: `sqlite:${path.join(dir, 'l.sqlite')}`, LEADLOOP_DATA_DIR: dir, HUBSPOT_CLIENT_SECRET: SECRET, HUBSPOT_ACCESS_TOKEN: TOKEN, HUBSPOT_BASE_URL: hubspotUrl, LOG_LEVEL: 'error', LEADLOOP_HUBSPOT_MAX_REQUESTS: String(RATE_LIMIT) });
  return startLeadloop(config, { logger: createLogger({ level: 'error' }), host: '127.0.0.1' });
};

/** One web and one worker process (`node dist/main.js`, LEADLOOP_ROLE) on a fresh PostgreSQL database. */
const split =
  (pgUrl: string): StartApp =>
  async (hubspotUrl) => {
    const database = createBenchDatabase(pgUrl);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-bench-e2e-split-'));
    const env = (role: string) => ({
      PORT: '0', LEADLOOP_ROLE: role, DATABASE_URL: database.url, LEADLOOP_DATA_DIR: path.join(dir, role), LEADLOOP_SANDBOX: '0', LEADLOOP_AUTO_BACKFILL: '0', LOG_LEVEL: 'info',
      HUBSPOT_CLIENT_SECRET: SECRET, HUBSPOT_ACCESS_TOKEN: TOKEN, HUBSPOT_BASE_URL: hubspotUrl, LEADLOOP_HUBSPOT_MAX_REQUESTS: String(RATE_LIMIT),
      // The worker's tuning (LEADLOOP_WORKER_CONCURRENCY, …) passes through, to try settings without editing the bench.
      ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('LEADLOOP_WORKER_') || k === 'LEADLOOP_CRM_BATCH_WINDOW_MS') as Array<[string, string]>),
    });
    const web = await startChild(path.join(__dirname, '..', 'main.js'), env('web'));
    const worker = await startChild(path.join(__dirname, '..', 'main.js'), env('worker'), workerNodeArgs());
    const databaseName = new URL(database.url).pathname.slice(1);
    return {
      url: web.url,
      close: async () => (await Promise.all([web.stop(), worker.stop()]), database.drop()),
      cpuSeconds: () => {
        const [w, k, p] = [cpuSecondsOfPids([web.child.pid!]), cpuSecondsOfPids([worker.child.pid!]), postgresCpuSeconds(databaseName)];
        return w === null || k === null || p === null ? null : { web: w, worker: k, PostgreSQL: p };
      },
    };
  };

async function measure(label: string, startApp: StartApp): Promise<Figures> {
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
        progress(`${label}: stages written`, stagedAt.size, N);
      }
    },
  });
  // The sandbox's calls counted every 50 ms from its start (leadloop's own start calls too): the busiest rolling
  // 10 s, HubSpot's window, says whether the limit bound.
  const callSamples: Array<{ at: number; calls: number }> = [{ at: performance.now(), calls: 0 }];
  const sampler = setInterval(() => callSamples.push({ at: performance.now(), calls: sandbox.apiStats.calls }), 50);
  const app = await startApp(sandbox.url);
  sandbox.setTargetUrl(`${app.url}/webhooks/hubspot`);

  // CPU by process: the app's (when it runs in its own processes) and this one's (the sandbox, HubSpot's double,
  // and the submissions; all of leadloop too when it runs here).
  const cpuNow = (): Record<string, number> | null => {
    const own = process.cpuUsage();
    const ownSeconds = (own.user + own.system) / 1e6;
    if (!app.cpuSeconds) return { 'leadloop, sandbox and bench': ownSeconds };
    const roles = app.cpuSeconds();
    return roles && { ...roles, 'sandbox and bench': ownSeconds };
  };
  const machineBefore = machineCpuTimes();
  const cpuBefore = cpuNow();
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
  const cpuAfter = cpuNow();
  const machineAfter = machineCpuTimes();
  clearInterval(sampler);
  callSamples.push({ at: performance.now(), calls: sandbox.apiStats.calls });
  // Calls in the window ending at each sample: its count less the count of the last sample a window earlier.
  const peakCallsPerWindow = Math.max(...callSamples.map((s) => s.calls - ([...callSamples].reverse().find((r) => r.at <= s.at - RATE_WINDOW_MS)?.calls ?? 0)));
  const cpu = cpuBefore && cpuAfter ? Object.fromEntries(Object.entries(cpuAfter).map(([k, v]) => [k, v - (cpuBefore[k] ?? 0)])) : null;
  const machineBusy = 1 - (machineAfter.idle - machineBefore.idle) / (machineAfter.total - machineBefore.total);
  const seconds = (Math.max(...stagedAt.values()) - started) / 1000;
  const latencies = [...stagedAt].map(([id, at]) => (at - submittedAt.get(emailOf.get(id)!)!) / 1000).sort((a, b) => a - b);
  await app.close();
  await sandbox.close();
  const { calls, rateLimited } = sandbox.apiStats;
  const submittedOffsets = [...submittedAt.values()].map((at) => (at - started) / 1000);
  return { label, staged: stagedAt.size, seconds, p50: percentile(latencies, 50), p95: percentile(latencies, 95), calls, rateLimited, submittedOffsets, peakCallsPerWindow, machineBusy, cpu };
}


function report(f: Figures): void {
  const perContact = f.calls / f.staged;
  const achieved = f.staged / f.seconds;
  // What the rate limit allows a load longer than its window, at this many calls per contact.
  const floor = RATE_LIMIT / 10 / perContact;
  console.log(`[${f.label}] submissions: ${N}; stages written: ${f.staged} in ${f.seconds.toFixed(1)} s; 429s: ${f.rateLimited}; HubSpot calls: ${f.calls}`);
  console.log(`[${f.label}] submission → stage written: p50 ${f.p50.toFixed(2)} s, p95 ${f.p95.toFixed(2)} s`);
  console.log(`[${f.label}] throughput: ${achieved.toFixed(1)} contacts/s; a load sustained past the 10 s window, at ${perContact.toFixed(2)} calls/contact, could go at most ${floor.toFixed(1)} contacts/s (${RATE_LIMIT}/10 s)`);
  const submitted = f.submittedOffsets.at(-1) ?? 0;
  console.log(`[${f.label}] submissions took ${submitted.toFixed(1)} s (${(f.submittedOffsets.length / Math.max(submitted, 1e-3)).toFixed(0)}/s)`);
  // Which bound binds: HubSpot's window is rolling, so a burst whose calls fit in one window is never held back by
  // it. The limit bound only if a window filled (or the sandbox answered 429).
  const bound = f.rateLimited > 0 || f.peakCallsPerWindow >= RATE_LIMIT;
  console.log(`[${f.label}] HubSpot calls: at most ${f.peakCallsPerWindow} in any rolling 10 s, of ${RATE_LIMIT} allowed; ${f.rateLimited} answered 429: the rate limit ${bound ? 'bound' : 'did not bind'}`);
  // Which bound binds, the other one: the machine. Every process here shares its cores, HubSpot's double included.
  const split = f.cpu ? Object.entries(f.cpu).map(([k, v]) => `${k} ${v.toFixed(1)} s`).join(', ') : 'by process: unavailable (no /proc)';
  console.log(`[${f.label}] CPU: ${Math.round(f.machineBusy * 100)}% of ${os.cpus().length} cores busy until the last stage; ${split}`);
  console.log(`[${f.label}] e2e: p95 ${f.p95.toFixed(2)} s, ${perContact.toFixed(2)} calls/contact, throughput ${(achieved / floor).toFixed(2)} of the sustained floor`);
}

async function main(): Promise<void> {
  if (process.argv.includes('--help')) return void console.log(HELP);
  const wantsSplit = process.env.LEADLOOP_BENCH_SPLIT === '1';
  const pgUrl = wantsSplit ? benchPgUrlOrExit('LEADLOOP_BENCH_SPLIT=1') : undefined;
  const runs = [await measure('all-in-one, SQLite', allInOne)];
  if (pgUrl) runs.push(await measure('web + worker, PostgreSQL', split(pgUrl)));
  runs.forEach(report);
  if (runs.length === 2) {
    const [one, two] = runs as [Figures, Figures];
    console.log(`split vs all-in-one: p50 ${two.p50.toFixed(2)} s vs ${one.p50.toFixed(2)} s, p95 ${two.p95.toFixed(2)} s vs ${one.p95.toFixed(2)} s (ratio ${(two.p95 / one.p95).toFixed(2)})`);
  }
  if (runs.some((r) => r.staged < N)) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
