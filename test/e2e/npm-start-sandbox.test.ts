import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SANDBOX_FORMS } from '../../src/sandbox/seed-portal';
import { spawnLeadloop } from '../helpers/spawn-leadloop';
import { waitFor } from '../helpers/start-test-app';

// What a newcomer gets from `npm start` on a fresh clone: no HubSpot credentials, so the sandbox starts too.
describe('npm start with no HubSpot credentials', () => {
  it('starts the sandbox, seeds a portal, wires leadloop to it and says what to try', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-start-'));
    const app = await spawnLeadloop({ LEADLOOP_SANDBOX: 'auto', SANDBOX_PORT: '0', SANDBOX_CONTACTS: '200', LEADLOOP_DATA_DIR: dir, DATABASE_URL: `sqlite:${dir}/leadloop.sqlite` });
    try {
      await waitFor(() => /sandbox \(HubSpot API\):\s+(http:\/\/\S+)/.test(app.output()), 10_000, 'banner');
      const sandboxUrl = /sandbox \(HubSpot API\):\s+(http:\/\/\S+)\s+portal (\d+), (\d+) contacts/.exec(app.output())!;
      expect(Number(sandboxUrl[3])).toBe(200);
      const token = fs.readFileSync(path.join(dir, 'sandbox-access-token'), 'utf8').trim();
      expect(app.output()).not.toContain(token);

      // A visitor submits the demo form on the sandbox; leadloop hears it and writes the stage back.
      const fields = { email: 'ria@northwind.example', jobtitle: 'Head of Demand Gen', numemployees: '500-1000', industry: 'Software', country: 'Germany', company: 'Northwind' };
      const res = await fetch(`${sandboxUrl[1]}/submissions/v3/integration/submit/${sandboxUrl[2]}/${SANDBOX_FORMS.demoRequest.id}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ fields: Object.entries(fields).map(([name, value]) => ({ name, value })) }),
      });
      expect(res.status).toBe(200);
      const stage = async () => {
        const r = await fetch(`${sandboxUrl[1]}/crm/v3/objects/contacts/ria@northwind.example?idProperty=email&properties=lifecyclestage`, { headers: { Authorization: `Bearer ${token}` } });
        return ((await r.json()) as { properties: { lifecyclestage: string } }).properties.lifecyclestage;
      };
      await waitFor(async () => (await stage()) === 'marketingqualifiedlead', 10_000, 'MQL in the sandbox');
    } finally {
      app.child.kill('SIGTERM');
      await app.exited;
    }
    // The portal outlives the process, so leadloop's memory of it stays true.
    expect(fs.existsSync(path.join(dir, 'sandbox-portal.json'))).toBe(true);
  }, 30_000);
});
