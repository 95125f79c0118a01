import path from 'node:path';
import { spawnLeadloop, type SpawnedLeadloop } from './spawn-leadloop';

const PRELOAD = path.resolve(__dirname, 'record-processor-invocations.cjs');

/**
 * The built leadloop as its own process (spawn-leadloop.ts), with each processor invocation appended to
 * `invocationsFile` as "<pid> <row id> <eventId>" lines (record-processor-invocations.cjs).
 */
export function spawnRecordedLeadloop(env: Record<string, string>, invocationsFile: string): Promise<SpawnedLeadloop> {
  return spawnLeadloop({ ...env, NODE_OPTIONS: `--require ${PRELOAD}`, LEADLOOP_TEST_INVOCATIONS_FILE: invocationsFile });
}

/** Invocations per HubSpot eventId, for one process (by pid) or all. */
export function invocationsByEvent(lines: string, pid?: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of lines.split('\n')) {
    const [p, id, eventId] = line.split(' ');
    if (!eventId || id === 'audit' || (pid !== undefined && Number(p) !== pid)) continue;
    counts.set(eventId, (counts.get(eventId) ?? 0) + 1);
  }
  return counts;
}

/** SLA audit runs (not skipped) per moment they ran for: pids, in journal order. */
export function auditRunsByMoment(lines: string): Map<number, number[]> {
  const runs = new Map<number, number[]>();
  for (const line of lines.split('\n')) {
    const [p, kind, at] = line.split(' ');
    if (kind !== 'audit' || !at) continue;
    const moment = Math.floor(Number(at) / 1000) * 1000;
    runs.set(moment, [...(runs.get(moment) ?? []), Number(p)]);
  }
  return runs;
}
