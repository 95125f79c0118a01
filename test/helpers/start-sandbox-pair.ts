import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../src/sandbox/start-sandbox';
import type { StartOptions } from '../../src/start-leadloop';
import { startTestApp, type TestApp } from './start-test-app';
import { TEST_SECRET } from './test-config';

export const SANDBOX_TOKEN = 'pat-na1-sandbox-test-token';

export interface SandboxPair {
  sandbox: RunningSandbox;
  app: TestApp;
  /** Calls the sandbox's HubSpot API as an outside tool would (the private-app token). */
  hubspot<T = unknown>(method: string, path: string, body?: unknown, auth?: boolean): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

/**
 * The sandbox and leadloop on free loopback ports, wired as `npm start` wires them. A `now` in the sandbox's
 * options is both sides' clock (one "today" for the portal and leadloop), unless `appOptions` names another.
 */
export async function startSandboxPair(sandboxOptions: Partial<SandboxOptions> = {}, env: Record<string, string> = {}, appOptions: Partial<StartOptions> = {}): Promise<SandboxPair> {
  const sandbox = await startSandbox({ clientId: 'sandbox-client', clientSecret: TEST_SECRET, privateToken: SANDBOX_TOKEN, retryBaseMs: 100, ...sandboxOptions });
  const app = await startTestApp({
    HUBSPOT_ACCESS_TOKEN: SANDBOX_TOKEN,
    HUBSPOT_BASE_URL: sandbox.url,
    LOG_LEVEL: 'info',
    LEADLOOP_CRM_BATCH_WINDOW_MS: '20',
    LEADLOOP_WORKER_COALESCE_MS: '20',
    ...env,
  }, { ...(sandboxOptions.now ? { now: sandboxOptions.now } : {}), ...appOptions });
  sandbox.setTargetUrl(`${app.url}/webhooks/hubspot`);
  return {
    sandbox,
    app,
    async hubspot<T>(method: string, path: string, body?: unknown, auth = true) {
      const res = await fetch(`${sandbox.url}${path}`, {
        method,
        headers: { 'Content-Type': 'application/json', ...(auth ? { Authorization: `Bearer ${SANDBOX_TOKEN}` } : {}) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
    },
    async close() {
      await sandbox.close();
      await app.close();
    },
  };
}
