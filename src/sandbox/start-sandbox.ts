import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express from 'express';
import { createBatchInputLog, type BatchInputLog } from './batch-input-log';
import { cardHostRoutes } from './card-host-routes';
import { createSandboxApp, type ApiStats } from './create-sandbox-app';
import { createSandboxAuth } from './sandbox-auth';
import { faultsSchema, type Faults } from './sandbox-faults';
import { SandboxPortal, type PortalChange } from './sandbox-portal';
import { addCustomLifecycleStages, type CustomLifecycleStage } from './sandbox-lifecycle';
import { loadSnapshot, saveSnapshot } from './sandbox-snapshot';
import { addOwnersAndForms, seedContacts, seededRandom } from './seed-portal';
import { createWebhookDispatcher, parseWebhooksManifest, type WebhookDispatcher } from './webhook-dispatcher';

export interface SandboxOptions {
  port?: number;
  host?: string;
  portalId?: number;
  appId?: number;
  clientId: string;
  clientSecret: string;
  /** The private-app token CRM calls may use (SANDBOX_ACCESS_TOKEN). */
  privateToken: string;
  /** Where webhooks go; may be set later with `setTargetUrl` (events wait until then). */
  targetUrl?: string;
  /** How many contacts to seed (none by default: tests seed what they need). */
  contacts?: number;
  seed?: number;
  /**
   * Which changes are delivered, and in which payload family: a legacy webhooks/webhooks.json (the default) or a
   * 2026.03 project's webhooks-hsmeta.json. `manifest` (already parsed JSON) wins over `manifestPath`.
   */
  manifestPath?: string;
  manifest?: unknown;
  /** Shapes the portal as it was before the app was installed: what happens here sends no webhook. */
  beforeInstall?: (portal: SandboxPortal) => void;
  faults?: Partial<Faults>;
  retryBaseMs?: number;
  /** Delivery attempts before the sandbox gives up on an event, as HubSpot does after 10 (tests: fewer). */
  webhookMaxAttempts?: number;
  accessTokenTtlSeconds?: number;
  /** A seed for injected faults and retry jitter: a faulty run repeats (API faults draw from their own sequence). */
  faultSeed?: number;
  /** Sees every change in the portal (benchmarks time them). */
  onChange?: (change: PortalChange) => void;
  /** Keep the portal across restarts in this file (saved every 30 s and at close). */
  snapshotFile?: string;
  /** The scopes the private-app token and OAuth installs are granted (default: REQUIRED_SCOPES); a test may drop one. */
  scopes?: readonly string[];
  /** Stages the portal's admin added to the lifecycle, at their places in its order (sandbox-lifecycle.ts). */
  customLifecycleStages?: CustomLifecycleStage[];
  /** The portal has Sales Hub's Leads object (sandbox-leads.ts); without it the leads endpoints refuse. */
  leadsObject?: boolean;
  /** The portal's clock: change times, webhook occurredAt and signing timestamps, token expiry (default Date.now). */
  now?: () => number;
  /**
   * The app's registered redirect URLs: the consent page and the token endpoint refuse any other `redirect_uri`,
   * exactly as HubSpot does. Default: what app.json's `auth.redirectUrls` registers.
   */
  redirectUrls?: readonly string[];
  /** Serve a record page hosting the contact card (`/harness/contacts/:id`), with this bundle of it. */
  cardBundlePath?: string;
}

/** What app.json registers (`auth.redirectUrls`): the sandbox's default, as an app uploaded from it would have. */
export function appJsonRedirectUrls(file = path.join(__dirname, '../../app.json')): string[] {
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { auth?: { redirectUrls?: string[] } }).auth?.redirectUrls ?? [];
}

export interface RunningSandbox {
  url: string;
  portal: SandboxPortal;
  dispatcher: WebhookDispatcher;
  faults: Faults;
  apiStats: ApiStats;
  /** Every input of every batch update and create the apps sent, as sent. */
  batchInputs: BatchInputLog['entries'];
  setTargetUrl(url: string): void;
  close(): Promise<void>;
}

/** Starts a HubSpot-dialect server for one portal: REST API, OAuth, forms, and webhook delivery to the app. */
export async function startSandbox(o: SandboxOptions): Promise<RunningSandbox> {
  const portalId = o.portalId ?? 24_681_357;
  const appId = o.appId ?? 3_141_592;
  const faults = faultsSchema.parse(o.faults ?? {});
  const manifest = parseWebhooksManifest(o.manifest ?? JSON.parse(fs.readFileSync(o.manifestPath ?? path.join(__dirname, '../../webhooks/webhooks.json'), 'utf8')));
  let target = o.targetUrl ?? null;
  const dispatcher = createWebhookDispatcher({ manifest, portalId, appId, clientSecret: o.clientSecret, targetUrl: () => target, faults: () => faults, retryBaseMs: o.retryBaseMs, ...(o.webhookMaxAttempts ? { maxAttempts: o.webhookMaxAttempts } : {}), now: o.now, ...(o.faultSeed === undefined ? {} : { random: seededRandom(o.faultSeed + 1), dropSeed: o.faultSeed }) });
  let live = false;
  const save = () => o.snapshotFile && saveSnapshot(portal, o.snapshotFile);
  const portal = new SandboxPortal(portalId, (c: PortalChange) => {
    if (!live) return;
    dispatcher.onChange(c);
    o.onChange?.(c);
    // A GDPR delete must not survive in the saved portal until the next periodic save.
    if (c.kind === 'privacyDeletion') save();
  }, o.now);
  addOwnersAndForms(portal);
  addCustomLifecycleStages(portal, o.customLifecycleStages ?? []);
  portal.leadsObject = o.leadsObject ?? false;
  if (!(o.snapshotFile && loadSnapshot(portal, o.snapshotFile)) && o.contacts) seedContacts(portal, o.contacts, o.seed);
  o.beforeInstall?.(portal);
  live = true;

  const auth = createSandboxAuth({ portalId, appId, privateToken: o.privateToken, clientId: o.clientId, clientSecret: o.clientSecret, accessTokenTtlSeconds: o.accessTokenTtlSeconds, now: o.now, redirectUrls: o.redirectUrls ?? appJsonRedirectUrls(), ...(o.scopes ? { scopes: o.scopes } : {}) });
  const apiStats: ApiStats = { calls: 0, rateLimited: 0, injectedErrors: 0 };
  const batchInputs = createBatchInputLog();
  let handler: http.RequestListener = createSandboxApp({ portal, appId, auth, dispatcher, faults, apiStats, batchInputs, ...(o.faultSeed === undefined ? {} : { random: seededRandom(o.faultSeed) }) });
  if (o.cardBundlePath) {
    const host = express();
    host.use(cardHostRoutes({ bundlePath: o.cardBundlePath, portalId, appId, clientSecret: o.clientSecret, leadloopOrigin: () => (target ? new URL(target).origin : undefined), ...(o.now ? { now: o.now } : {}) }));
    host.use(handler);
    handler = host;
  }
  const server = http.createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, o.host ?? '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  const saver = o.snapshotFile ? setInterval(save, 30_000) : undefined;
  saver?.unref();
  return {
    url: `http://127.0.0.1:${port}`,
    portal,
    dispatcher,
    faults,
    apiStats,
    batchInputs: batchInputs.entries,
    setTargetUrl(url) {
      target = url;
      dispatcher.kick();
    },
    async close() {
      if (saver) clearInterval(saver);
      dispatcher.stop();
      save();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
