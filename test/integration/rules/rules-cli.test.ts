import { testDatabaseUrl } from '../../helpers/test-database';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildProgram } from '../../../src/cli/leadloop';
import { createStore } from '../../../src/store/create-store';
import { DAY, NOW, TARGET, testRules } from '../../helpers/test-rules';

/** `leadloop rules diff|apply` as a user runs them: files, a SQLite store, stdout. */
describe('leadloop rules (CLI)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-rules-'));
  const active = path.join(dir, 'scoring.json');
  const candidate = path.join(dir, 'candidate.json');
  const saved = { ...process.env };
  let out: string;

  beforeAll(async () => {
    fs.writeFileSync(active, JSON.stringify(testRules({ mqlThreshold: 80 })));
    fs.writeFileSync(candidate, JSON.stringify(testRules({ mqlThreshold: 60 })));
    Object.assign(process.env, { DATABASE_URL: testDatabaseUrl(dir), LEADLOOP_SCORING_CONFIG: active, LEADLOOP_DATA_DIR: dir, HUBSPOT_ACCESS_TOKEN: '', USER: 'tester' });
    delete process.env.HUBSPOT_ACCESS_TOKEN;
    const store = await createStore(process.env.DATABASE_URL!);
    await store.applyContactChanges(9, '1', Object.entries({ ...TARGET, lifecyclestage: 'lead' }).map(([name, value]) => ({ name, value, at: NOW - DAY })), []);
    await store.applyContactChanges(9, '2', [{ name: 'jobtitle', value: 'Student', at: NOW - DAY }], []);
    await store.close();
  });
  afterAll(() => {
    process.env = saved;
  });
  beforeEach(() => {
    out = '';
    jest.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  });
  afterEach(() => jest.restoreAllMocks());

  const run = (...args: string[]) => buildProgram().exitOverride().parseAsync(['node', 'leadloop', 'rules', ...args, '--at', new Date(NOW).toISOString()]);

  it('diff --format json: the rules, one entry per changed contact, the totals', async () => {
    await run('diff', '--rules', candidate, '--format', 'json');
    const body = JSON.parse(out) as { rules: unknown; changes: Array<{ portalId: number; contactId: string }>; summary: { changed: number; notes: number } };
    expect(body.rules).toMatchObject({ at: new Date(NOW).toISOString() });
    expect(body.changes.map((c) => [c.portalId, c.contactId])).toEqual([[9, '1']]);
    expect(body.changes[0]).toMatchObject({ before: { stage: 'lead', mql: false }, after: { stage: 'marketingqualifiedlead', mql: true }, note: true });
    expect(body.summary).toMatchObject({ contacts: 2, changed: 1, notes: 1, becomeMql: 1 });
  });

  it('diff --format csv: the header and one row per change on stdout', async () => {
    jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    await run('diff', '--rules', candidate, '--format', 'csv');
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toBe('9,1,stage,60,60,A,A,notReadyTarget,notReadyTarget,lead,marketingqualifiedlead,Nurture sequence,Nurture sequence,false,true,true');
  });

  it('apply: refused while a leadloop runs on the data directory (it would write the old scores back)', async () => {
    const instance = path.join(dir, 'leadloop-instance.json');
    fs.writeFileSync(instance, JSON.stringify({ pid: process.pid, startedAt: new Date(NOW).toISOString() }));
    try {
      await expect(run('apply', '--rules', candidate)).rejects.toThrow(/leadloop is running on .* stop it, run `leadloop rules apply` again/);
      expect(fs.readFileSync(active, 'utf8')).not.toBe(fs.readFileSync(candidate, 'utf8'));
    } finally {
      fs.rmSync(instance);
    }
  });

  it('apply: records the version, copies the file, re-scores the changed contact only', async () => {
    await run('apply', '--rules', candidate);
    expect(fs.readFileSync(active, 'utf8')).toBe(fs.readFileSync(candidate, 'utf8'));
    const store = await createStore(process.env.DATABASE_URL!);
    try {
      const version = await store.latestRulesVersion();
      expect(version).toMatchObject({ appliedAt: NOW, author: 'tester' });
      expect(out).toContain(`rules version ${version!.hash} recorded`);
      expect((await store.listDecisions(9, '1')).map((d) => [d.configHash, d.stageTo])).toEqual([[version!.hash, 'marketingqualifiedlead']]);
      expect(await store.listDecisions(9, '2')).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('apply again: the version is in force, the re-score is finished, nothing is re-scored twice', async () => {
    await run('apply', '--rules', candidate);
    expect(out).toContain('is already in force: finishing its re-score');
    expect(out).toContain('0 contact(s) re-scored (stored only: no HUBSPOT_ACCESS_TOKEN or --portal), 1 re-scored by an earlier run, 0 failed');
    const store = await createStore(process.env.DATABASE_URL!);
    try {
      expect(await store.listDecisions(9, '1')).toHaveLength(1);
    } finally {
      await store.close();
    }
  });
});
