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

  // Rules on properties a real portal lacks never match there (hubspot-facts §11): config check says so, and passes.
  describe('properties a real portal does not have', () => {
    const scoring = () => JSON.parse(fs.readFileSync(path.join(ROOT, 'config/scoring.json'), 'utf8')) as { fit: { rules: Array<Record<string, unknown>> }; lifecycle: Record<string, unknown>; customProperties?: unknown };
    const write = (rules: unknown) => {
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-check-')), 'scoring.json');
      fs.writeFileSync(file, JSON.stringify(rules));
      return file;
    };

    it('is silent about the shipped rules', () => {
      const r = run('config/scoring.json');
      expect([r.status, r.stderr]).toEqual([0, '']);
    });

    it('warns on stderr, naming each rule, about company and made-up properties, and exits 0', () => {
      const rules = scoring();
      rules.fit.rules.push(
        { id: 'old-size', description: 'Old size rule', property: 'numberofemployees', match: { kind: 'range', min: 50 }, points: 5 },
        { id: 'size-as-number', description: 'Size read as a number', property: 'numemployees', match: { kind: 'range', min: 50 }, points: 5 },
        { id: 'tier', description: 'Our tier', property: 'account_tier', match: { kind: 'equals', value: 'gold' }, points: 5 },
      );
      rules.lifecycle.promoter = { property: 'nps_score', min: 9 };
      const file = write(rules);
      const r = run(file);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/: OK \(scoring rules/);
      const n = rules.fit.rules.length;
      expect(r.stderr.split('\n').filter(Boolean)).toEqual([
        `${file}: warning: fit.rules[${n - 3}] (old-size): "numberofemployees" is not a HubSpot default contact property (a company property: contacts have \`numemployees\`, buckets such as "100-500"; match it with "bucket"); if your portal has it, declare it in customProperties`,
        `${file}: warning: fit.rules[${n - 1}] (tier): "account_tier" is not a HubSpot default contact property; if your portal has it, declare it in customProperties`,
        `${file}: warning: lifecycle.promoter: "nps_score" is not a HubSpot default contact property (NPS is \`hs_feedback_last_nps_rating\`, 0–10); if your portal has it, declare it in customProperties`,
        `${file}: warning: fit.rules[${n - 2}] (size-as-number): "numemployees" holds buckets such as "100-500", which a numeric range never matches; use {"kind":"bucket"}`,
      ]);
    });

    it('takes a property declared in customProperties as meant', () => {
      const rules = scoring();
      rules.fit.rules.push({ id: 'tier', description: 'Our tier', property: 'account_tier', match: { kind: 'equals', value: 'gold' }, points: 5 });
      rules.customProperties = [{ name: 'account_tier', type: 'enumeration' }];
      const r = run(write(rules));
      expect([r.status, r.stderr]).toEqual([0, '']);
    });
  });
});
