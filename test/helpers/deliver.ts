import { hubspotV3Headers } from './hubspot-signing';
import type { TestApp } from './start-test-app';
import { TEST_SECRET } from './test-config';

/** Posts events to the app as one signed delivery, as HubSpot would, and checks it was acknowledged. */
export async function deliver(app: TestApp, events: Array<Record<string, unknown>>): Promise<void> {
  const body = JSON.stringify(events);
  const res = await fetch(app.webhookUrl, { method: 'POST', body, headers: hubspotV3Headers(TEST_SECRET, app.webhookUrl, body) });
  if (res.status !== 200) throw new Error(`delivery refused: ${res.status} ${await res.text()}`);
}
