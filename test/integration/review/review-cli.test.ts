import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Command, CommanderError } from 'commander';
import { buildProgram } from '../../../src/cli/leadloop';
import { seedReportHistory } from '../../../src/bench/seed-report-history';
import { createStore } from '../../../src/store/create-store';

/** `leadloop review` and `leadloop contract …` as a user runs them, over the demo history (a year, 3,000 contacts). */
describe('leadloop review and contract (CLI)', () => {
  const NOW = Date.parse('2026-12-01T15:00:00Z');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-review-cli-'));
  const slaFile = path.join(dir, 'sla.json');
  const saved = { ...process.env };
  let out: string;
  let err: string;

  beforeAll(async () => {
    const sla = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../config/sla.json'), 'utf8')) as Record<string, unknown>;
    fs.writeFileSync(slaFile, JSON.stringify({ ...sla, target: { revenuePerMonth: 500000, averageDealValue: 25000 } }, null, 2));
    Object.assign(process.env, { DATABASE_URL: `sqlite:${path.join(dir, 'l.sqlite')}`, LEADLOOP_SLA_CONFIG: slaFile, LEADLOOP_DATA_DIR: dir, PUBLIC_URL: 'https://leadloop.meridian.example' });
    delete process.env.HUBSPOT_ACCESS_TOKEN;
    delete process.env.SMTP_URL;
    delete process.env.SLACK_WEBHOOK_URL;
    const store = await createStore(process.env.DATABASE_URL!);
    await seedReportHistory(store, 3_000, NOW);
    await store.close();
  });
  afterAll(() => {
    process.env = saved;
  });
  beforeEach(() => {
    out = '';
    err = '';
    jest.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  });
  const captureStderr = () => jest.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  afterEach(() => jest.restoreAllMocks());

  // exitOverride on every command: a subcommand's usage error throws here instead of ending the test process.
  const overridden = (c: Command): Command => (c.commands.forEach(overridden), c.exitOverride());
  const run = (...args: string[]) => overridden(buildProgram()).parseAsync(['node', 'leadloop', ...args]);

  it('review --month 2026-11: the pack in Markdown, every section in order, revenue marked optional with dashes', async () => {
    await run('review', '--month', '2026-11', '--at', new Date(NOW).toISOString());
    const headings = out.split('\n').filter((l) => l.startsWith('## '));
    expect(headings).toEqual([
      '## MQLs against the commitment in force',
      '## SLA kept, by owner',
      '## Funnel by source',
      '## Lead quality by source: what sales did with the MQLs',
      '## Revenue and return by source (optional)',
      '## The proposal for 2026-12',
    ]);
    expect(out).toContain('Dashboard: https://leadloop.meridian.example/?month=2026-11');
    // The demo history has no deal won in November and no costs: each source won 0 (a count), and its average deal,
    // cost per MQL and return are unknown: dashes, never 0.
    const revenue = out.slice(out.indexOf('## Revenue and return by source'), out.indexOf('## The proposal'));
    expect(revenue).toMatch(/^\| PAID_SEARCH \| 0 \| 0 \| — \| — \| — \|$/m);
    expect(revenue).not.toMatch(/\| 0 \| 0 \| [^—]/);
    // Five owners in the demo history (70110001…70110005), one line each.
    expect(out.match(/^\| 7011000\d \|/gm)).toHaveLength(5);
  });

  it('review --format html: one file with the charts inlined', async () => {
    await run('review', '--month', '2026-11', '--format', 'html', '--at', new Date(NOW).toISOString());
    expect(out).toMatch(/^<!doctype html>/);
    expect(out.match(/<img src="data:image\/svg\+xml;base64,/g)).toHaveLength(3);
  });

  it('review --send without any channel says what to set', async () => {
    await expect(run('review', '--month', '2026-11', '--send')).rejects.toThrow(/set SMTP_URL .* or SLACK_WEBHOOK_URL/);
  });

  it('contract --revenue … still works as before, and still requires its options', async () => {
    await run('contract', '--revenue', '500000', '--deal-value', '25000', '--lead-to-opp', '0.2', '--opp-to-customer', '0.25');
    expect(out).toContain('MQLs per month:          400');
    expect(out).toContain('gap: marketing must deliver 200 more MQLs a month');
    captureStderr();
    const e = await run('contract', '--deal-value', '25000').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CommanderError);
    expect((e as CommanderError).code).toBe('commander.missingMandatoryOptionValue');
    expect(err).toContain("required option '--revenue <n>' not specified");
  });

  it('contract propose --adopt --dry-run records nothing; --adopt records next month and rewrites the SLA file; history lists it', async () => {
    const before = fs.readFileSync(slaFile, 'utf8');
    await run('contract', 'propose', '--month', '2027-01', '--adopt', '--dry-run', '--at', new Date(NOW).toISOString());
    expect(out).toMatch(/proposed commitment: (\d+) MQLs a month/);
    const proposed = Number(/proposed commitment: (\d+)/.exec(out)![1]);
    expect(out).toContain('dry run: would record');
    expect(fs.readFileSync(slaFile, 'utf8')).toBe(before);
    out = '';
    await run('contract', 'history');
    expect(out).toContain('no version recorded yet');

    out = '';
    await run('contract', 'propose', '--month', '2027-01', '--adopt', '--author', 'maria', '--at', new Date(NOW).toISOString());
    expect(out).toContain(`adopted: version 1, ${proposed} MQLs a month from 2027-01-01, by maria`);
    expect(JSON.parse(fs.readFileSync(slaFile, 'utf8'))).toMatchObject({ monthlyMqlCommitment: proposed, target: { revenuePerMonth: 500000 } });
    out = '';
    await run('contract', 'history', '--json');
    expect((JSON.parse(out) as Array<{ startsAt: number; author: string; terms: { monthlyMqlCommitment: number } }>).map((v) => [new Date(v.startsAt).toISOString(), v.author, v.terms.monthlyMqlCommitment])).toEqual([['2027-01-01T00:00:00.000Z', 'maria', proposed]]);
  });

  it('contract adopt FILE --from: a version from that day, the file put in place; --dry-run changes nothing', async () => {
    const next = path.join(dir, 'next.json');
    fs.writeFileSync(next, JSON.stringify({ ...JSON.parse(fs.readFileSync(slaFile, 'utf8')), monthlyMqlCommitment: 275, attempts: { minimum: 4, withinDays: 7 } }));
    const before = fs.readFileSync(slaFile, 'utf8');
    await run('contract', 'adopt', next, '--from', '2027-02-01', '--dry-run');
    expect(out).toContain('275 MQLs a month; first touch within 24 business hours; 4 attempts within 7 days; in force from 2027-02-01T00:00:00.000Z');
    expect(fs.readFileSync(slaFile, 'utf8')).toBe(before);
    out = '';
    await run('contract', 'adopt', next, '--from', '2027-02-01', '--author', 'sam');
    expect(out).toMatch(/recorded as version \d+ by sam/);
    expect(JSON.parse(fs.readFileSync(slaFile, 'utf8'))).toMatchObject({ monthlyMqlCommitment: 275, attempts: { minimum: 4 } });
    out = '';
    await run('contract', 'history', '--json');
    expect((JSON.parse(out) as Array<{ startsAt: number; author: string }>).map((v) => [new Date(v.startsAt).toISOString().slice(0, 10), v.author]).at(-1)).toEqual(['2027-02-01', 'sam']);
    await expect(run('contract', 'adopt', path.join(dir, 'missing.json'))).rejects.toThrow(/missing\.json/);
  });
});
