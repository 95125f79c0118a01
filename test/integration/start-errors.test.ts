import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { MAIN_JS } from '../helpers/spawn-leadloop';

const RULES = { LEADLOOP_SCORING_CONFIG: path.resolve(__dirname, '../../config/scoring.json'), LEADLOOP_SLA_CONFIG: path.resolve(__dirname, '../../config/sla.json') };

/** `npm start` as a newcomer runs it, in a fresh directory, with the given environment. */
function start(env: Record<string, string>) {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-start-'));
  const r = spawnSync(process.execPath, [MAIN_JS], { cwd, env: { PATH: process.env.PATH ?? '', LEADLOOP_SANDBOX: '0', HUBSPOT_CLIENT_SECRET: 'start-errors-secret-1', ...RULES, ...env }, encoding: 'utf8', timeout: 20_000 });
  return { ...r, cwd };
}

describe('npm start: what a newcomer sees when something is wrong', () => {
  it('PORT=abc: the message names the variable and echoes the value', () => {
    const r = start({ PORT: 'abc' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('PORT: expected a port number (got "abc")');
  });

  it('a port already in use: the message says which variable to change', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as net.AddressInfo;
    try {
      const r = start({ PORT: String(port) });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`port ${port} is already in use`);
      expect(r.stderr).toContain(`set PORT to a free port`);
    } finally {
      taken.close();
    }
  });

  it('DATABASE_URL=mysql://x is refused, naming the accepted forms, and creates no file', () => {
    const r = start({ PORT: '0', DATABASE_URL: 'mysql://x' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('DATABASE_URL: the scheme "mysql:" is not supported; expected postgres://USER:PASSWORD@HOST:PORT/DATABASE (several instances), sqlite:PATH');
    expect(fs.readdirSync(r.cwd)).toEqual([]);
  });
});
