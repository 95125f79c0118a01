import path from 'node:path';
import fs from 'node:fs';
import { Command } from 'commander';
import { DEMO_STEPS, type DemoClient } from '../../demo/demo-scenario';
import { cliConfig, CliError, print } from '../cli-context';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `leadloop demo` / `npm run demo`: plays the demo story against the sandbox `npm start` runs. */
// Submitted from a page, as on a real site: HubSpot then names the conversion "<page title>: <form name>".
const DEMO_PAGE = { pageUri: 'https://www.meridian.example/pricing', pageName: 'Pricing | Meridian' };

export function demoCommand(): Command {
  return new Command('demo')
    .description('play a scenario (form submissions, email engagement, sales activity) on the running sandbox and show what leadloop did')
    .option('--sandbox <url>', 'the sandbox to play on (default http://127.0.0.1:SANDBOX_PORT)')
    .option('--wait <seconds>', 'how long to wait for leadloop to act on each step', '10')
    .action(async (o: { sandbox?: string; wait: string }) => {
      const config = cliConfig();
      const base = (o.sandbox ?? `http://127.0.0.1:${config.env.SANDBOX_PORT}`).replace(/\/+$/, '');
      const tokenFile = path.join(config.dataDir, 'sandbox-access-token');
      const token = config.env.SANDBOX_ACCESS_TOKEN ?? (fs.existsSync(tokenFile) ? fs.readFileSync(tokenFile, 'utf8').trim() : undefined);
      if (!token) throw new CliError(`no sandbox token: start leadloop first with \`npm start\` (it writes ${tokenFile}), or set SANDBOX_ACCESS_TOKEN`);
      const health = await fetch(`${base}/_sandbox/healthz`).catch(() => null);
      if (!health?.ok) throw new CliError(`no sandbox answers at ${base}: run \`npm start\` in another terminal first (or pass --sandbox URL)`);
      const { portalId } = (await health.json()) as { portalId: number };
      const client: DemoClient = {
        portalId,
        async call<T>(method: string, p: string, body?: unknown) {
          const send = () => fetch(`${base}${p}`, { method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
          let res = await send();
          // The demo shares the portal's rate limit with leadloop: wait as HubSpot says, like any good client.
          for (let tries = 0; res.status === 429 && tries < 5; tries++) {
            await sleep(1000 * Number(res.headers.get('retry-after') ?? 1));
            res = await send();
          }
          const json = (await res.json().catch(() => ({}))) as T & { message?: string };
          if (!res.ok) throw new CliError(`${method} ${p}: HubSpot sandbox answered ${res.status}: ${json.message ?? ''}`);
          return json;
        },
        async submitForm(formId, fields) {
          const res = await fetch(`${base}/submissions/v3/integration/submit/${portalId}/${formId}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ fields: Object.entries(fields).map(([name, value]) => ({ name, value })), context: DEMO_PAGE }) });
          if (!res.ok) throw new CliError(`form ${formId}: ${res.status} ${await res.text()}`);
        },
      };
      const waitMs = Number(o.wait) * 1000;
      const props = 'lifecyclestage,leadloop_score,leadloop_matrix_cell,leadloop_sla_status,hubspot_owner_id,hs_lead_status';
      const stateOf = async (email: string) => {
        const c = await client.call<{ id: string; properties: Record<string, string | null> }>('GET', `/crm/v3/objects/contacts/${encodeURIComponent(email)}?idProperty=email&properties=${props}`).catch(() => null);
        if (!c) return '';
        const notes = await client.call<{ results: unknown[] }>('GET', `/crm/v4/objects/contacts/${c.id}/associations/notes`);
        const p = c.properties;
        return `      contact ${c.id}: stage ${p.lifecyclestage ?? '-'}, score ${p.leadloop_score ?? '-'}, matrix ${p.leadloop_matrix_cell ?? '-'}, owner ${p.hubspot_owner_id ?? '-'}, SLA ${p.leadloop_sla_status ?? '-'}, notes ${notes.results.length}`;
      };
      for (const [i, step] of DEMO_STEPS.entries()) {
        print(`\n[${i + 1}/${DEMO_STEPS.length}] ${step.title}`);
        const before = step.email ? await stateOf(step.email) : '';
        await step.run(client);
        if (!step.email) continue;
        // Show the contact once leadloop has acted and things settled (no change for two seconds), or at the deadline.
        const deadline = Date.now() + waitMs;
        let shown = before;
        let stableSince = Date.now();
        while (Date.now() < deadline) {
          await sleep(700);
          const now = await stateOf(step.email);
          if (now !== shown) {
            shown = now;
            stableSince = Date.now();
          } else if (shown !== before && Date.now() - stableSince > 2000) break;
        }
        print(shown === before ? `${shown}   (no change yet: is leadloop running?)` : shown);
      }
      print('\nDone. Read a decision in full with: npx leadloop explain <contact id>; see the numbers on the dashboard at http://127.0.0.1:' + String(config.env.PORT) + '/ and the SLA with: npx leadloop sla list');
    });
}
