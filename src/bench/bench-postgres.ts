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

const psql = (url: string, command: string) => execFileSync('psql', [url, '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-At', '-c', command], { encoding: 'utf8' });

/** A new empty database on the server; its URL and a way to drop it. */
export function createBenchDatabase(adminUrl: string): { url: string; drop(): void } {
  const name = `ll_bench_${process.pid}_${crypto.randomBytes(3).toString('hex')}`;
  psql(adminUrl, `create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => void psql(adminUrl, `drop database if exists ${name} with (force)`) };
}

