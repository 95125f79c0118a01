import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const CLI = path.resolve(__dirname, '../../dist/cli/leadloop.js');
const ROOT = path.resolve(__dirname, '../..');
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, 'config', 'check', ...args], { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });

describe('leadloop config check', () => {
  it('checks config/sla.json as an SLA contract, not as scoring rules', () => {
    const r = run('config/sla.json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('config/sla.json: OK (SLA contract: 200 MQLs a month; first touch within 24 business hours; 3 attempts within 7 days)\n');
  });

  it('with no file, checks both configured files', () => {
    const r = run();
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^config\/scoring\.json: OK \(scoring rules, .*\nconfig\/sla\.json: OK \(SLA contract/);
  });

  it('names every problem of a bad SLA file by its path and exits 1', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-check-')), 'sla.json');
    const good = JSON.parse(fs.readFileSync(path.join(ROOT, 'config/sla.json'), 'utf8')) as Record<string, unknown>;
    fs.writeFileSync(file, JSON.stringify({ ...good, monthlyMqlCommitment: -1, calendar: { ...(good.calendar as object), hours: { start: '9am', end: '17:00' } } }));
    const r = run(file);
    expect(r.status).toBe(1);
    const problems = r.stderr.split('\n').filter((l) => l.startsWith('  - '));
    expect(problems).toEqual(['  - monthlyMqlCommitment: Too small: expected number to be >=0', '  - calendar.hours.start: expected HH:MM (24-hour)']);
  });
});
