import fs from 'node:fs';
import path from 'node:path';
import { loadScoringConfig } from '../../src/config/load-scoring-config';
import { buildProject, type AppManifest } from '../../src/manifest/build-project';
import { buildWebhooksManifest } from '../../src/manifest/build-webhooks-manifest';
import type { SandboxOptions } from '../../src/sandbox/start-sandbox';

const ROOT = path.resolve(__dirname, '../..');

/** The webhooks-hsmeta.json `leadloop manifest --project` writes for the committed app.json and rules. */
export function projectWebhooksManifest(): unknown {
  const app = JSON.parse(fs.readFileSync(path.join(ROOT, 'app.json'), 'utf8')) as AppManifest;
  const rules = loadScoringConfig(path.join(ROOT, 'config/scoring.json')).rules;
  return buildProject(app, buildWebhooksManifest(rules))['src/app/webhooks/webhooks-hsmeta.json'];
}

/**
 * The two ways HubSpot may be subscribed for leadloop: the legacy webhooks/webhooks.json, and the subscriptions of
 * the 2026.03 project leadloop generates (generic `object.*` payloads where it asks for them). E2E suites run in both.
 */
export const WEBHOOK_MODES: Array<[string, Partial<SandboxOptions>]> = [
  ['legacy subscriptions', {}],
  ['2026.03 project subscriptions', { manifest: projectWebhooksManifest() }],
];
