import fs from 'node:fs';
import os from 'node:os';

/**
 * CPU seconds spent by processes, read from Linux's /proc (user + system time of each process): where a benchmark's
 * CPU went, by role. Null where /proc cannot be read (another OS), so the figure is left out rather than wrong.
 */
const TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux architecture Node runs on

function cpuSecondsOf(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces, in parentheses): utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** CPU seconds of the given processes, summed; null when any cannot be read. */
export function cpuSecondsOfPids(pids: readonly number[]): number | null {
  let sum = 0;
  for (const pid of pids) {
    const s = cpuSecondsOf(pid);
    if (s === null) return null;
    sum += s;
  }
  return sum;
}

/**
 * CPU seconds of the PostgreSQL server processes serving one database (their command line names it: "postgres:
 * user database host(port) …"), summed over those alive now. Backends that exited took their time with them, so
 * this is read before the benchmark's processes close their pools.
 */
export function postgresCpuSeconds(database: string): number | null {
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return null;
  }
  let sum = 0;
  for (const e of entries) {
    let cmdline: string;
    try {
      cmdline = fs.readFileSync(`/proc/${e}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (!cmdline.startsWith('postgres: ') || !cmdline.split(' ').includes(database)) continue;
    sum += cpuSecondsOf(Number(e)) ?? 0;
  }
  return sum;
}

/** The machine's CPU times summed over its cores (ms): busy share over a span = 1 − Δidle / Δtotal. */
export function machineCpuTimes(): { idle: number; total: number } {
  const cpus = os.cpus();
  return { idle: cpus.reduce((s, c) => s + c.times.idle, 0), total: cpus.reduce((s, c) => s + Object.values(c.times).reduce((a, b) => a + b, 0), 0) };
}
