import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadSlaConfig } from '../config/load-sla-config';
import { loadReport } from '../report/load-report';
import { createStore } from '../store/create-store';
import { percentile } from './bench-support';
import { seedReportHistory } from './seed-report-history';

// npm run bench:report — the closed-loop report over a year of history for 100,000 contacts (real SQLite):
// the month the dashboard opens on, and the whole year, each next to a bare read of the same rows in the run.
const CONTACTS = Number(process.env.BENCH_REPORT_CONTACTS ?? 100_000);
const RUNS = 7;

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-bench-report-'));
  const store = await createStore(`sqlite:${path.join(dir, 'report.sqlite')}`);
  const now = Date.now();
  await seedReportHistory(store, CONTACTS, now);
  const sla = loadSlaConfig(process.env.LEADLOOP_SLA_CONFIG ?? 'config/sla.json');
  const d = new Date(now);
  const monthFrom = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  const yearFrom = now - 365 * 86_400_000;
  const time = async (fn: () => Promise<unknown>) => {
    const ms: number[] = [];
    await fn(); // warm
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      await fn();
      ms.push(performance.now() - t);
    }
    return percentile(ms.sort((a, b) => a - b), 50);
  };
  const lines: string[] = [];
  for (const [label, from, q] of [['month', monthFrom, {}], ['year', yearFrom, { from: new Date(yearFrom).toISOString().slice(0, 10) }]] as const) {
    const report = await time(() => loadReport(store, sla, q, now));
    const bare = await time(() => store.funnelRows(from, now + 86_400_000));
    console.log(`${label}: report ${report.toFixed(0)} ms; bare read of the period's funnel rows ${bare.toFixed(0)} ms`);
    lines.push(`report (${label}): ${report.toFixed(0)} ms for ${CONTACTS} contacts, ratio ${(report / bare).toFixed(2)}`);
  }
  await store.close();
  for (const l of lines) console.log(l);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
