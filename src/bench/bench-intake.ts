import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { percentile, progress, signedDelivery, startChild } from './bench-support';

// npm run bench:intake — signed batches of 100 events over loopback, 10 requests in flight (HubSpot's
// per-portal concurrency), against leadloop and against a bare express handler, in the same run.
const BATCHES = Number(process.argv[2] ?? 400);
const EVENTS_PER_BATCH = 100;
const IN_FLIGHT = 10;
const SECRET = 'bench-secret-0123456789';

interface RunResult {
  eventsPerSecond: number;
  p50: number;
  p99: number;
  failures: number;
}

function makeBodies(url: string): Array<{ body: string; headers: Record<string, string> }> {
  const start = Date.now();
  return Array.from({ length: BATCHES }, (_, b) => {
    const events = Array.from({ length: EVENTS_PER_BATCH }, (_, i) => ({
      eventId: b * EVENTS_PER_BATCH + i + 1, subscriptionId: 7, portalId: 62515, appId: 1, occurredAt: start + b * EVENTS_PER_BATCH + i,
      subscriptionType: 'contact.propertyChange', attemptNumber: 0, objectId: (b * EVENTS_PER_BATCH + i) % 2000,
      propertyName: 'num_conversion_events', propertyValue: String(b), changeSource: 'FORM',
    }));
    return signedDelivery(SECRET, url, events);
  });
}

async function load(label: string, url: string): Promise<RunResult> {
  const requests = makeBodies(url);
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      for (let r = requests[next++]; r; r = requests[next++]) {
        const t0 = performance.now();
        const res = await fetch(url, { method: 'POST', body: r.body, headers: r.headers });
        await res.arrayBuffer();
        latencies.push(performance.now() - t0);
        if (!res.ok) failures += 1;
        progress(label, latencies.length, BATCHES);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { eventsPerSecond: (BATCHES * EVENTS_PER_BATCH) / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), failures };
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-bench-'));
  const bare = await startChild(path.join(__dirname, 'bare-server.js'), {});
  const bareResult = await load('bare    ', `${bare.url}/webhooks/hubspot`);
  await bare.stop();

  const leadloop = await startChild(path.join(__dirname, '..', 'main.js'), {
    // The intake alone, as measured before: no sandbox, no CRM calls.
    PORT: '0', LOG_LEVEL: 'info', LEADLOOP_SANDBOX: '0', HUBSPOT_CLIENT_SECRET: SECRET, DATABASE_URL: `sqlite:${path.join(dir, 'bench.sqlite')}`, LEADLOOP_DATA_DIR: dir,
  });
  const ours = await load('leadloop', `${leadloop.url}/webhooks/hubspot`);
  await leadloop.stop();
  fs.rmSync(dir, { recursive: true, force: true });

  const fmt = (r: RunResult) => `${Math.round(r.eventsPerSecond)} events/s, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, ${r.failures} failed`;
  console.log(`batches: ${BATCHES} × ${EVENTS_PER_BATCH} events, ${IN_FLIGHT} in flight, loopback, ${os.cpus().length} cores`);
  console.log(`bare express: ${fmt(bareResult)}`);
  console.log(`leadloop:     ${fmt(ours)} (signature v3, zod, one SQLite transaction with synchronous=FULL per batch)`);
  if (ours.failures > 0) process.exitCode = 1;
  const ratio = ours.eventsPerSecond / bareResult.eventsPerSecond;
  console.log(`intake: ${Math.round(ours.eventsPerSecond)} events/s, ratio ${ratio.toFixed(2)}, p99 ${ours.p99.toFixed(1)} ms vs bare ${bareResult.p99.toFixed(1)} ms`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
