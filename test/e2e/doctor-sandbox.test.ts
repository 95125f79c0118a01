import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../src/sandbox/start-sandbox';
import { REQUIRED_SCOPES } from '../../src/oauth/scopes';
import { SANDBOX_FORMS } from '../../src/sandbox/seed-portal';
import { TEST_SECRET } from '../helpers/test-config';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist/cli/leadloop.js');
const TOKEN = 'pat-na1-doctor-test-token';
/** A fixed "today" for the portal and the doctor's 30-day window. */
const NOW = Date.parse('2026-11-17T15:00:00.000Z');
const DAY = 86_400_000;

interface Report {
  portalId: number;
  ok: boolean;
  findings: Array<{ area: string; status: 'ok' | 'warn' | 'block'; message: string; fix: string | null }>;
}

/** The built CLI, asynchronously: the sandbox answers from this process while the child runs. */
function cli(sandbox: RunningSandbox, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { PATH: process.env.PATH ?? '', HUBSPOT_ACCESS_TOKEN: TOKEN, HUBSPOT_BASE_URL: sandbox.url, LEADLOOP_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-doctor-')) };
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd: ROOT, env }, (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }));
  });
}

/** A seeded portal with leadloop's properties created (`leadloop crm setup`) and a demo request 3 days ago. */
async function seededPortal(options: Partial<SandboxOptions> = {}): Promise<RunningSandbox> {
  const sandbox = await startSandbox({ clientId: 'doctor-client', clientSecret: TEST_SECRET, privateToken: TOKEN, contacts: 30, seed: 7, now: () => NOW, ...options });
  const setup = await cli(sandbox, 'crm', 'setup', '--portal', String(sandbox.portal.portalId));
  expect(setup.stderr).toBe('');
  const submit = await fetch(`${sandbox.url}/submissions/v3/integration/submit/${sandbox.portal.portalId}/${SANDBOX_FORMS.demoRequest.id}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ fields: [{ name: 'email', value: 'ada@northwind.example' }], submittedAt: NOW - 3 * DAY, context: { pageName: 'Pricing | Northwind' } }),
  });
  expect(submit.status).toBe(200);
  return sandbox;
}

describe('leadloop doctor against the sandbox', () => {
  let sandbox: RunningSandbox | undefined;
  afterEach(async () => {
    await sandbox?.close();
    sandbox = undefined;
  });

  it('passes a clean seeded portal: exit 0, every area reported, nothing blocks', async () => {
    sandbox = await seededPortal();
    const r = await cli(sandbox, 'doctor', '--format', 'json', '--at', '2026-11-17T15:00:00Z');
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as Report;
    expect(report.findings.filter((f) => f.status === 'block')).toEqual([]);
    expect(r.code).toBe(0);
    expect(report).toMatchObject({ portalId: sandbox.portal.portalId, ok: true });
    expect(new Set(report.findings.map((f) => f.area))).toEqual(new Set(['scopes', 'webhooks', 'properties', 'forms', 'lifecycle', 'lead-status', 'deals', 'owners', 'leads', 'backfill']));
    const messages = report.findings.map((f) => f.message);
    expect(messages).toContain('private-app token has all 6 scopes leadloop needs');
    expect(messages).toContain('form "Demo request" found (form-demo-request, signal-demo-request): 1 submissions in the last 30 days');
    expect(messages).toContain('5 active owners with an email to route to');
    // 31 contacts (30 seeded, 1 from the form): 1 search page, 1 update batch, up to 1 note batch; 0.2 s + one 10 s window.
    expect(messages).toContain('a backfill would touch 31 contacts: 1 search page, 1 batch update, up to 1 note batch (3 calls), about 11 s at 110 requests per 10 s');
  });

  it('names each problem of a messy portal with its fix and exits 1', async () => {
    sandbox = await seededPortal({ scopes: REQUIRED_SCOPES.filter((s) => s !== 'forms') });
    const { portal } = sandbox;
    // A custom stage between lead and MQL, the demo form renamed, a property the rules read deleted.
    const stage = portal.properties.get('lifecyclestage')!;
    const at = stage.options!.findIndex((o) => o.value === 'lead') + 1;
    stage.options!.splice(at, 0, { label: 'Trial', value: '2497212665' });
    portal.forms.find((f) => f.id === SANDBOX_FORMS.demoRequest.id)!.name = 'Request a demo';
    portal.properties.delete('jobtitle');

    const r = await cli(sandbox, 'doctor', '--format', 'json', '--at', '2026-11-17T15:00:00Z');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.ok).toBe(false);
    const find = (area: string, pattern: RegExp) => report.findings.filter((f) => f.area === area && pattern.test(f.message));
    expect(find('scopes', /forms/)).toEqual([
      { area: 'scopes', status: 'block', message: 'scope forms is not granted to the private-app token', fix: 'in HubSpot, Settings → Integrations → Private apps → leadloop → Scopes: add forms; then use the new token' },
    ]);
    expect(find('forms', /Demo request/)).toEqual([
      {
        area: 'forms', status: 'block',
        message: 'form "Demo request" (form-demo-request, signal-demo-request) is not among the portal\'s 4 forms; closest: "Request a demo"',
        fix: 'put the form\'s current name in config/scoring.json (form-demo-request, signal-demo-request), or better its id, which survives a rename',
      },
    ]);
    expect(find('properties', /^jobtitle does not exist/)).toEqual([expect.objectContaining({ status: 'block', fix: expect.stringMatching(/^create jobtitle in HubSpot, or change fit rule /) })]);
    expect(find('lifecycle', /custom stage/)).toEqual([
      { area: 'lifecycle', status: 'warn', message: 'custom stage Trial (2497212665) between lead and marketingqualifiedlead: leadloop never moves a contact into it or out of it', fix: 'nothing to do if people move contacts through it; if it replaces a default stage, map it in the rules before going live' },
    ]);
  });

  it('prints a table with a line per area, and says what blocks', async () => {
    sandbox = await seededPortal({ scopes: REQUIRED_SCOPES.filter((s) => s !== 'forms') });
    const r = await cli(sandbox, 'doctor', '--at', '2026-11-17T15:00:00Z');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^BLOCK {2}scopes \(1 block\)$/m);
    expect(r.stdout).toMatch(/^ {7}block {2}scope forms is not granted to the private-app token\n {14}fix: in HubSpot, Settings/m);
    expect(r.stdout).toMatch(/^1 problems block going live \(\d+ warnings\): fix each BLOCK line, then run the doctor again\.$/m);
  });
});
