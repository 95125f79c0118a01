import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { z } from 'zod';
import { parseDatabaseUrl, type DatabaseLocation } from '../../config/database-url';
import { readSqliteFileHolder } from '../../runtime/instance-lock';
import { copyDatabase, CopyRefusedError, type CopyProgress } from '../../store/copy-database';
import { CliError, print } from '../cli-context';

/** A flag holding a DATABASE_URL. Validated here, not by commander, whose own error would echo the value (and its password). */
const databaseUrlFlag = z
  .string()
  .trim()
  .min(1, 'is empty')
  .transform((value, ctx) => {
    const location = parseDatabaseUrl(value);
    if ('error' in location) {
      ctx.addIssue({ code: 'custom', message: location.error });
      return z.NEVER;
    }
    if ('file' in location && location.file === ':memory:') {
      ctx.addIssue({ code: 'custom', message: 'an in-memory database holds nothing to copy and keeps nothing copied; name a file or a postgres:// URL' });
      return z.NEVER;
    }
    return { url: value, location };
  });

type Flag = z.infer<typeof databaseUrlFlag>;

function parseFlag(flag: string, value: string): Flag {
  const r = databaseUrlFlag.safeParse(value);
  if (!r.success) throw new CliError(`${flag}: ${r.error.issues.map((i) => i.message).join('; ')}`);
  return r.data;
}

/** How a database is named in output: a PostgreSQL URL without its password. */
function describe(location: DatabaseLocation): string {
  if (location.kind === 'sqlite') return `sqlite:${location.file}`;
  const url = new URL(location.url);
  if (url.password) url.password = '***';
  return url.toString();
}

const sameDatabase = (a: DatabaseLocation, b: DatabaseLocation) =>
  a.kind === 'sqlite' && b.kind === 'sqlite' ? path.resolve(a.file) === path.resolve(b.file) : a.kind === 'postgres' && b.kind === 'postgres' && a.url === b.url;

/**
 * A running leadloop keeps acknowledging HubSpot's deliveries into its SQLite file: whatever it stored after the
 * copy's snapshot would be acknowledged (HubSpot never sends it again) yet missing from the new database. So a copy
 * from or into a file a leadloop holds is refused; a dry run, which changes nothing, only warns.
 */
function checkNotInUse(flag: string, location: DatabaseLocation, dryRun: boolean): void {
  if (location.kind !== 'sqlite') return;
  const holder = readSqliteFileHolder(location.file);
  if (!holder) return;
  const message = `${flag}: a running leadloop (pid ${holder.pid}, started ${holder.startedAt}) holds ${location.file}; stop it first, or events it acknowledges during the copy would be lost`;
  if (!dryRun) throw new CliError(message);
  process.stderr.write(`leadloop: warning: ${message}\n`);
}

/** A progress line rewritten in place on a terminal (as `rules apply` and `backfill` do); nothing on a pipe or file. */
const showProgress = ({ table, done, total }: CopyProgress) => {
  if (process.stderr.isTTY) process.stderr.write(`\rcopying ${table}: ${done}/${total} rows\u001b[K`);
};

function copyCommand(): Command {
  return new Command('copy')
    .description('copy every leadloop table from one database into an empty one, keeping ids (e.g. SQLite to PostgreSQL); stop leadloop first')
    .requiredOption('--from <url>', 'the database to read: sqlite:PATH or postgres://USER:PASSWORD@HOST:PORT/DATABASE')
    .requiredOption('--to <url>', 'the database to fill (created tables, no leadloop rows yet): postgres://… or sqlite:PATH')
    .option('--dry-run', 'count the rows that would be copied; migrate nothing, write nothing')
    .addHelpText('after', '\nExample:\n  leadloop db copy --from sqlite:./data/leadloop.sqlite --to postgres://leadloop:SECRET@db.internal:5432/leadloop')
    .action(async (o: { from: string; to: string; dryRun?: boolean }) => {
      const from = parseFlag('--from', o.from);
      const to = parseFlag('--to', o.to);
      const dryRun = o.dryRun === true;
      if (sameDatabase(from.location, to.location)) throw new CliError('--from and --to name the same database');
      if (from.location.kind === 'sqlite' && !fs.existsSync(from.location.file)) throw new CliError(`--from: no SQLite file at ${from.location.file}`);
      checkNotInUse('--from', from.location, dryRun);
      checkNotInUse('--to', to.location, dryRun);
      try {
        const tables = await copyDatabase(from.url, to.url, { dryRun, onProgress: showProgress });
        if (process.stderr.isTTY) process.stderr.write('\r\u001b[K');
        const width = Math.max(...tables.map((t) => t.table.length));
        for (const t of tables) print(`${dryRun ? 'would copy' : 'copied'} ${t.table.padEnd(width)} ${String(t.rows).padStart(9)} rows`);
        const total = tables.reduce((n, t) => n + t.rows, 0);
        print(
          dryRun
            ? `dry run: ${total} rows in ${tables.length} tables would be copied from ${describe(from.location)} to ${describe(to.location)}; nothing migrated, nothing written`
            : `copied ${total} rows in ${tables.length} tables from ${describe(from.location)} to ${describe(to.location)}; ids kept. Set DATABASE_URL to the new database and start leadloop.`,
        );
      } catch (e) {
        if (process.stderr.isTTY) process.stderr.write('\n');
        if (e instanceof CopyRefusedError) throw new CliError(e.message);
        throw e;
      }
    });
}

export function dbCommand(): Command {
  return new Command('db').description('move leadloop\'s data between databases').addCommand(copyCommand());
}
