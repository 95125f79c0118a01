import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';

// What the multi-process benches share: the PostgreSQL server they are given, a fresh database per configuration,
// and free ports (a process's PUBLIC_URL, which webhooks are signed against, must be known before it starts).

/** LEADLOOP_BENCH_PG_URL, or exit naming it and how to get a server. */
export function benchPgUrlOrExit(bench: string): string {
  const url = process.env.LEADLOOP_BENCH_PG_URL?.trim();
  if (url && /^postgres(ql)?:\/\//.test(url)) return url;
  process.stderr.write(
    `${bench} needs a PostgreSQL server: set LEADLOOP_BENCH_PG_URL=postgres://user:password@host:port/database ` +
      `(a role that may create databases; one is created per configuration).\n` +
      `To start a throwaway one: bash .ci/start-postgres.sh (it prints the URL; \`bash .ci/start-postgres.sh stop\` removes it).\n`,
  );
  process.exit(2);
}

const psql = (url: string, command: string) => execFileSync('psql', [url, '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-At', '-c', command], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/**
 * Drops a bench database, retrying for a few seconds: WITH (FORCE) ends our connections, but a role without
 * superuser rights cannot end the server's own (autovacuum starting on the fresh tables: "must be a member of the
 * role whose process is being terminated"), which go soon. A database still there after that is left, with a
 * warning: the figures are already measured.
 */
function dropDatabase(adminUrl: string, name: string): void {
  for (let attempt = 1; ; attempt++) {
    try {
      psql(adminUrl, `drop database if exists ${name} with (force)`);
      return;
    } catch (error) {
      if (attempt === 10) {
        console.warn(`could not drop the bench database ${name} (left on the server): ${String((error as { stderr?: string }).stderr ?? error).trim()}`);
        return;
      }
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    }
  }
}

/** One value from a query (psql, unaligned). */
export function queryValue(url: string, query: string): string {
  return psql(url, query).trim();
}

/** A new empty database on the server; its URL and a way to drop it. */
export function createBenchDatabase(adminUrl: string): { url: string; drop(): void } {
  const name = `ll_bench_${process.pid}_${crypto.randomBytes(3).toString('hex')}`;
  psql(adminUrl, `create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => dropDatabase(adminUrl, name) };
}

