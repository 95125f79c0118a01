import fs from 'node:fs';
import path from 'node:path';

/** What a running `npm start` tells other commands on the same data directory (`leadloop dev send-event`). */
export interface RunningInstance {
  pid: number;
  startedAt: string;
  /** leadloop's own address, and the webhook URL signatures are checked against (PUBLIC_URL when set). */
  url?: string;
  webhookUrl?: string;
  /** In sandbox mode: the sandbox's API, its portal and one of its contacts, so examples name things that exist. */
  sandbox?: { url: string; portalId: number; sampleContactId?: string };
}

export const INSTANCE_FILE = 'leadloop-instance.json';

/** The lock a running leadloop keeps beside its SQLite file (the file may live outside the data directory). */
const sqliteLockFile = (sqliteFile: string) => `${path.resolve(sqliteFile)}.instance-lock`;

export class InstanceLockError extends Error {
  readonly code = 'RUNTIME.DATA_DIR_IN_USE';
}

export interface InstanceLock {
  /** Adds what other commands need once it is known (URLs, the sandbox's portal). */
  update(info: Partial<Omit<RunningInstance, 'pid' | 'startedAt'>>): void;
  release(): void;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // alive, someone else's
  }
}

function readInstanceFile(file: string): RunningInstance | undefined {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<RunningInstance>;
    return typeof parsed.pid === 'number' ? (parsed as RunningInstance) : undefined;
  } catch {
    return undefined;
  }
}

/** The leadloop running on this data directory, if one is (a file left by a killed process does not count). */
export function readRunningInstance(dataDir: string): RunningInstance | undefined {
  const found = readInstanceFile(path.join(dataDir, INSTANCE_FILE));
  return found && isAlive(found.pid) ? found : undefined;
}

function refusal(what: string, holder: RunningInstance | undefined, lockFile: string): InstanceLockError {
  const who = holder ? `pid ${holder.pid}, started ${holder.startedAt}${holder.url ? `, ${holder.url}` : ''}` : `see ${lockFile}`;
  return new InstanceLockError(
    `Another leadloop (${who}) is already running on ${what}: two processes would share its SQLite file and ` +
      'sandbox portal, and take each other\'s events. Stop it first, or run this one apart with its own directory ' +
      'and ports, e.g.\n  LEADLOOP_DATA_DIR=./data-2 PORT=3002 SANDBOX_PORT=3003 npm start\n' +
      '(the database follows LEADLOOP_DATA_DIR when DATABASE_URL is empty; a DATABASE_URL set in .env or the ' +
      'environment must name another file too). Several processes on one database need PostgreSQL: ' +
      'DATABASE_URL=postgres://… and a LEADLOOP_DATA_DIR per process (README "Several instances").',
  );
}

/**
 * Claims a data directory (and the SQLite file, which may live elsewhere) for this process, or throws
 * InstanceLockError naming the holder. Created with O_EXCL, so two starts racing cannot both win; a file whose
 * process is gone (killed, crashed) is taken over.
 */
export function claimDataDir(dataDir: string, sqliteFile?: string, now = new Date()): InstanceLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const instanceFile = path.join(dataDir, INSTANCE_FILE);
  const files: Array<{ file: string; what: string }> = [{ file: instanceFile, what: `the data directory ${dataDir}` }];
  if (sqliteFile && sqliteFile !== ':memory:') files.push({ file: sqliteLockFile(sqliteFile), what: `the SQLite file ${path.resolve(sqliteFile)} (DATABASE_URL)` });
  let info: RunningInstance = { pid: process.pid, startedAt: now.toISOString() };
  const held: string[] = [];
  const write = (file: string) => fs.writeFileSync(file, `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
  try {
    for (const { file, what } of files) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      for (let attempt = 0; ; attempt += 1) {
        try {
          fs.writeFileSync(file, `${JSON.stringify(info, null, 2)}\n`, { flag: 'wx', mode: 0o600 });
          held.push(file);
          break;
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
          const holder = readInstanceFile(file);
          if (attempt > 0 || (holder && holder.pid !== process.pid && isAlive(holder.pid))) throw refusal(what, holder, file);
          fs.rmSync(file, { force: true }); // left by a process that is gone
        }
      }
    }
  } catch (e) {
    for (const file of held) fs.rmSync(file, { force: true });
    throw e;
  }
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    for (const file of held) if (readInstanceFile(file)?.pid === process.pid) fs.rmSync(file, { force: true });
  };
  process.once('exit', release);
  return {
    update(more) {
      info = { ...info, ...more };
      held.forEach(write);
    },
    release,
  };
}

/** The leadloop holding a SQLite file (claimDataDir's lock beside it), if one is running. */
export function readSqliteFileHolder(sqliteFile: string): RunningInstance | undefined {
  const found = readInstanceFile(sqliteLockFile(sqliteFile));
  return found && isAlive(found.pid) ? found : undefined;
}
