import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SANDBOX_FORMS } from '../../src/sandbox/seed-portal';
import { spawnLeadloop, type SpawnedLeadloop } from '../helpers/spawn-leadloop';
import { waitFor } from '../helpers/start-test-app';

const EMAIL = 'zephyrine.quillfeather@northwind.example';
const FIRST = 'Zephyrine';
const LAST = 'Quillfeather';

/** What an attacker with a copy of the data directory would find: every byte of every file, text or binary. */
const filesMentioning = (dir: string, needle: string) =>
  fs.readdirSync(dir).filter((f) => fs.statSync(path.join(dir, f)).isFile() && fs.readFileSync(path.join(dir, f)).includes(Buffer.from(needle)));

async function start(dir: string): Promise<SpawnedLeadloop & { sandboxUrl: string; portalId: string; token: string }> {
  const app = await spawnLeadloop({ LEADLOOP_SANDBOX: '1', SANDBOX_PORT: '0', SANDBOX_CONTACTS: '20', LEADLOOP_DATA_DIR: dir, DATABASE_URL: `sqlite:${dir}/leadloop.sqlite` });
  await waitFor(() => /sandbox \(HubSpot API\):\s+(http:\/\/\S+)\s+portal (\d+)/.test(app.output()), 10_000, 'banner');
  const [, sandboxUrl, portalId] = /sandbox \(HubSpot API\):\s+(http:\/\/\S+)\s+portal (\d+)/.exec(app.output())!;
  return { ...app, sandboxUrl: sandboxUrl!, portalId: portalId!, token: fs.readFileSync(path.join(dir, 'sandbox-access-token'), 'utf8').trim() };
}

describe('a privacy deletion, then SIGKILL', () => {
  it('leaves the erased email and name in no file of the data directory (database, -wal, -shm, sandbox snapshot); every file is 0600', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-erase-'));
    // First run: the person fills in the demo form, leadloop scores them; a clean stop saves the sandbox portal.
    let app = await start(dir);
    try {
      const fields = { email: EMAIL, firstname: FIRST, lastname: LAST, jobtitle: 'Head of Demand Gen', numemployees: '500-1000', industry: 'Software', country: 'Germany', company: 'Northwind' };
      const res = await fetch(`${app.sandboxUrl}/submissions/v3/integration/submit/${app.portalId}/${SANDBOX_FORMS.demoRequest.id}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ fields: Object.entries(fields).map(([name, value]) => ({ name, value })) }),
      });
      expect(res.status).toBe(200);
      const stage = async () => {
        const r = await fetch(`${app.sandboxUrl}/crm/v3/objects/contacts/${EMAIL}?idProperty=email&properties=lifecyclestage`, { headers: { Authorization: `Bearer ${app.token}` } });
        return ((await r.json()) as { properties: { lifecyclestage: string } }).properties.lifecyclestage;
      };
      await waitFor(async () => (await stage()) === 'marketingqualifiedlead', 15_000, 'MQL in the sandbox');
    } finally {
      app.child.kill('SIGTERM');
      await app.exited;
    }
    // The person is on disk before the erasure: in the database (its main file, or its WAL when the stop did not
    // checkpoint it) and in the sandbox's snapshot.
    const before = filesMentioning(dir, EMAIL);
    expect(before).toContain('sandbox-portal.json');
    expect(before.filter((f) => f.startsWith('leadloop.sqlite')).length).toBeGreaterThan(0);

    // Second run: the portal's GDPR delete; once leadloop has erased the person, the process is killed.
    app = await start(dir);
    try {
      const del = await fetch(`${app.sandboxUrl}/crm/v3/objects/contacts/gdpr-delete`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${app.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ objectId: EMAIL, idProperty: 'email' }),
      });
      expect(del.status).toBe(204);
      await waitFor(() => app.output().includes('contact erased (privacy deletion)'), 15_000, 'erasure in leadloop');
    } finally {
      app.child.kill('SIGKILL');
      await app.exited;
    }

    const files = fs.readdirSync(dir);
    expect(files).toEqual(expect.arrayContaining(['leadloop.sqlite', 'leadloop.sqlite-wal', 'leadloop.sqlite-shm', 'sandbox-portal.json', 'sandbox-access-token']));
    for (const needle of [EMAIL, FIRST, LAST]) expect([needle, filesMentioning(dir, needle)]).toEqual([needle, []]);
    for (const f of files) expect([f, (fs.statSync(path.join(dir, f)).mode & 0o777).toString(8)]).toEqual([f, '600']);
  }, 60_000);
});
