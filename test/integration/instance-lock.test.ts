import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { claimDataDir, INSTANCE_FILE, InstanceLockError, readRunningInstance } from '../../src/runtime/instance-lock';
import { MAIN_JS, spawnLeadloop } from '../helpers/spawn-leadloop';

const tmpDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-instance-'));
const AT = new Date('2026-03-02T10:00:00Z');

/** A process that is certainly gone: it ran and exited before we look at its pid. */
function deadPid(): number {
  const done = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(done.stdout.toString());
}

describe('one leadloop per data directory', () => {
  it('refuses a data directory held by a live process, naming it and what to change', async () => {
    const dir = tmpDir();
    const holder = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    try {
      fs.writeFileSync(path.join(dir, INSTANCE_FILE), JSON.stringify({ pid: holder.pid, startedAt: AT.toISOString(), url: 'http://127.0.0.1:3000' }));
      let error: unknown;
      try {
        claimDataDir(dir, undefined, AT);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InstanceLockError);
      const message = (error as Error).message;
      expect(message).toContain(`pid ${holder.pid}`);
      expect(message).toContain(dir);
      expect(message).toMatch(/LEADLOOP_DATA_DIR=\S+ PORT=\d+/);
      expect(readRunningInstance(dir)?.pid).toBe(holder.pid);
    } finally {
      holder.kill('SIGKILL');
    }
  });

  it('takes over a file left by a process that is gone, and gives it up on release', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, INSTANCE_FILE), JSON.stringify({ pid: deadPid(), startedAt: AT.toISOString() }));
    expect(readRunningInstance(dir)).toBeUndefined();
    const lock = claimDataDir(dir, undefined, AT);
    lock.update({ url: 'http://127.0.0.1:3100', sandbox: { url: 'http://127.0.0.1:3101', portalId: 24681357, sampleContactId: '1001' } });
    expect(readRunningInstance(dir)).toEqual({
      pid: process.pid,
      startedAt: AT.toISOString(),
      url: 'http://127.0.0.1:3100',
      sandbox: { url: 'http://127.0.0.1:3101', portalId: 24681357, sampleContactId: '1001' },
    });
    expect(fs.statSync(path.join(dir, INSTANCE_FILE)).mode & 0o777).toBe(0o600);
    lock.release();
    expect(fs.existsSync(path.join(dir, INSTANCE_FILE))).toBe(false);
  });

  it('also refuses a SQLite file held from another data directory', () => {
    const dir = tmpDir();
    const db = path.join(dir, 'shared.sqlite');
    const holder = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    try {
      fs.writeFileSync(`${db}.instance-lock`, JSON.stringify({ pid: holder.pid, startedAt: AT.toISOString() }));
      expect(() => claimDataDir(path.join(dir, 'second'), db, AT)).toThrow(new RegExp(`running on the SQLite file ${db.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(DATABASE_URL\\)`));
      // Nothing half-claimed is left behind: the data directory's own file was given back.
      expect(fs.existsSync(path.join(dir, 'second', INSTANCE_FILE))).toBe(false);
    } finally {
      holder.kill('SIGKILL');
    }
  });

  it('a second npm start on the same data directory exits 2 with the message; the first keeps serving', async () => {
    expect(fs.existsSync(MAIN_JS)).toBe(true);
    const dir = tmpDir();
    const env = { LEADLOOP_DATA_DIR: dir, HUBSPOT_CLIENT_SECRET: 'instance-lock-secret-123' };
    const first = await spawnLeadloop(env);
    try {
      const second = spawnSync(process.execPath, [MAIN_JS], { env: { PATH: process.env.PATH ?? '', PORT: '0', LEADLOOP_SANDBOX: '0', ...env }, encoding: 'utf8', timeout: 15_000 });
      expect(second.status).toBe(2);
      expect(second.stderr).toContain(`Another leadloop (pid ${first.child.pid}`);
      expect(second.stderr).toContain(dir);
      expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
    } finally {
      first.child.kill('SIGTERM');
      await first.exited;
    }
    expect(fs.existsSync(path.join(dir, INSTANCE_FILE))).toBe(false);
  });
});
