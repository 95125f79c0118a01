import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadSlaConfig } from '../config/load-sla-config';
import { evaluateSla } from '../domain/sla-policy';
import { createLogger } from '../log/create-logger';
import type { Notifier } from '../notify/notifier-port';
import { createSlaAudit } from '../sla/run-sla-audit';
import { termsOf } from '../sla/sla-terms';
import { seededRandom } from '../sandbox/seed-portal';
import { createStore } from '../store/create-store';
import { percentile, progress } from './bench-support';

// npm run bench:sla — 100,000 open SLA items in a real SQLite store, MQLs spread over the past 10 days. Each
// round moves the clock 5 minutes (the cron's period) and times one full audit (due items read by index,
// evaluated, notices claimed and "sent" to a no-op channel, items saved) next to a bare indexed read of the
// same due rows in the same run.
const ITEMS = Number(process.env.BENCH_SLA_ITEMS ?? 100_000);
const ROUNDS = 12;
const PORTAL = 1;

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-bench-sla-'));
  const store = await createStore(`sqlite:${path.join(dir, 'sla.sqlite')}`);
  const sla = loadSlaConfig(process.env.LEADLOOP_SLA_CONFIG ?? 'config/sla.json');
  const terms = termsOf(sla);
  const rnd = seededRandom(7);
  const now0 = Date.parse('2026-11-23T15:00:00Z');
  for (let i = 0; i < ITEMS; i++) {
    const openedAt = now0 - Math.floor(rnd() * 10 * 86_400_000);
    const draft = { openedAt, ownerId: String(70_110_001 + (i % 5)), clockStartAt: openedAt, firstTouchAt: null, touches: [], noticesGiven: [] as string[] };
    // Items already past earlier notices were given them (as a running system would have).
    const past = evaluateSla(terms, draft, now0 - 300_000);
    const given = past.notices.map((n) => n.kind);
    const ev = evaluateSla(terms, { ...draft, noticesGiven: given }, now0 - 300_000);
    await store.openSlaItem({ ...draft, noticesGiven: given, portalId: PORTAL, contactId: String(i + 1), firstTouchDueAt: ev.firstTouchDueAt, status: ev.status, nextCheckAt: ev.nextCheckAt });
    if (i % 1000 === 0) progress('seeding SLA items', i, ITEMS);
  }
  progress('seeding SLA items', ITEMS, ITEMS);

  const sink: Notifier = { name: 'sink', send: async () => null };
  const audit = createSlaAudit({ store, sla, notifiers: [sink], logger: createLogger({ level: 'error' }) });
  const auditMs: number[] = [];
  const scanMs: number[] = [];
  let acted = 0;
  for (let r = 1; r <= ROUNDS; r++) {
    const at = now0 + r * 300_000;
    const s0 = performance.now();
    const due = await store.dueSlaItems(at, 1_000_000);
    scanMs.push(performance.now() - s0);
    const a0 = performance.now();
    const result = await audit.run(at);
    auditMs.push(performance.now() - a0);
    acted += result.lines.length;
    console.log(`round ${r}: ${due.length} due of ${ITEMS}; audit ${auditMs.at(-1)!.toFixed(1)} ms, ${result.lines.length} notices; bare scan ${scanMs.at(-1)!.toFixed(1)} ms`);
  }
  await store.close();
  const med = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 50);
  console.log(`notices sent over ${ROUNDS} rounds: ${acted}`);
  console.log(`sla: ${med(auditMs).toFixed(1)} ms per audit of ${ITEMS} items, ratio ${(med(auditMs) / Math.max(med(scanMs), 0.001)).toFixed(2)}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
