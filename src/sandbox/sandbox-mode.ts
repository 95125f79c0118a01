import path from 'node:path';
import { readOrCreateSecret } from '../config/dev-client-secret';
import type { Env } from '../config/env-schema';
import { SANDBOX_FORMS } from './seed-portal';
import { startSandbox, type RunningSandbox } from './start-sandbox';

/** `npm start` runs the sandbox when no HubSpot credentials are set (LEADLOOP_SANDBOX=auto), or when asked (=1). */
export function wantsSandbox(env: Env): boolean {
  if (['0', 'false', 'off'].includes(env.LEADLOOP_SANDBOX)) return false;
  if (['1', 'true', 'on'].includes(env.LEADLOOP_SANDBOX)) return true;
  return !env.HUBSPOT_ACCESS_TOKEN && !env.HUBSPOT_CLIENT_ID && env.HUBSPOT_BASE_URL === 'https://api.hubapi.com';
}

export interface SandboxMode {
  sandbox: RunningSandbox;
  /** What leadloop's environment becomes: the sandbox's URL, token and the shared client secret. */
  env: Record<string, string>;
  /** A contact the seeded portal holds, for examples that must name one that exists. */
  sampleContactId?: string;
  /** Points webhooks at leadloop once it listens, and returns what to print for the user. */
  connect(appUrl: string): string;
}

/**
 * Starts the sandbox for `npm start`: a generated client secret and private-app token shared with leadloop
 * (kept under the data directory unless given), a seeded portal kept across restarts, webhooks to leadloop.
 */
export async function startSandboxMode(env: Env, dataDir: string, clientSecret: string): Promise<SandboxMode> {
  const token = env.SANDBOX_ACCESS_TOKEN ?? readOrCreateSecret(dataDir, 'sandbox-access-token', 'pat-sandbox-').secret;
  const clientId = readOrCreateSecret(dataDir, 'sandbox-client-id', 'sandbox-client-').secret;
  const sandbox = await startSandbox({
    port: env.SANDBOX_PORT,
    clientId,
    clientSecret,
    privateToken: token,
    contacts: env.SANDBOX_CONTACTS,
    snapshotFile: path.join(dataDir, 'sandbox-portal.json'),
  });
  const formUrl = `${sandbox.url}/submissions/v3/integration/submit/${sandbox.portal.portalId}/${SANDBOX_FORMS.demoRequest.id}`;
  const sample = sandbox.portal.table('contacts').keys().next().value;
  const banner = (appUrl: string) => [
    '',
    'leadloop is running against its built-in HubSpot sandbox (no HubSpot account needed).',
    `  sandbox (HubSpot API):  ${sandbox.url}   portal ${sandbox.portal.portalId}, ${sandbox.portal.table('contacts').size} contacts`,
    `  leadloop:               ${appUrl}   (dashboard /, health /healthz, metrics /metrics)`,
    `  private-app token:      SANDBOX_ACCESS_TOKEN (kept in ${path.join(dataDir, 'sandbox-access-token')})`,
    '',
    'Try it:',
    '  npm run demo            plays form submissions, email engagement and sales activity',
    `  curl -X POST ${formUrl} \\`,
    `    -H 'Content-Type: application/json' -d '{"fields":[{"name":"email","value":"dana@meridian.example"},{"name":"jobtitle","value":"VP Marketing"},{"name":"numemployees","value":"100-500"},{"name":"industry","value":"Software"}]}'`,
    `  npx leadloop dev send-event    a signed contact.creation for contact ${sample ?? '<id>'}, as HubSpot sends it`,
    `  npx leadloop explain ${sample ?? '<contactId>'}      why that contact has its score and stage`,
    '',
  ].join('\n');
  return {
    sandbox,
    sampleContactId: sample,
    env: { HUBSPOT_ACCESS_TOKEN: token, HUBSPOT_BASE_URL: sandbox.url, HUBSPOT_CLIENT_SECRET: clientSecret },
    connect(appUrl) {
      // Signed for the URL called: PUBLIC_URL when leadloop checks signatures against it, else its own address.
      sandbox.setTargetUrl(`${(env.PUBLIC_URL ?? appUrl).replace(/\/+$/, '')}/webhooks/hubspot`);
      return banner(env.PUBLIC_URL ?? appUrl);
    },
  };
}
