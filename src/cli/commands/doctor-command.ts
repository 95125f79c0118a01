import fs from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { z } from 'zod';
import type { AppConfig } from '../../config/load-config';
import { ConfigError } from '../../config/config-error';
import { loadScoringConfig } from '../../config/load-scoring-config';
import { loadSlaConfig } from '../../config/load-sla-config';
import { createHubspotOAuth } from '../../crm/hubspot/hubspot-oauth';
import { portalIdOfToken } from '../../crm/hubspot/hubspot-crm';
import { createHubspotPortalInspection } from '../../crm/hubspot/hubspot-portal-inspection';
import { oauthScopes, privateAppScopes } from '../../crm/hubspot/read-granted-scopes';
import type { PortalInspectionPort } from '../../crm/portal-inspection-port';
import { diagnosePortal } from '../../doctor/diagnose-portal';
import { gatherPortalFacts } from '../../doctor/gather-portal-facts';
import { reportJson, reportTable } from '../../doctor/render-report';
import { createLogger } from '../../log/create-logger';
import { createPortalTokens } from '../../oauth/portal-tokens';
import { createTokenCipher } from '../../oauth/token-cipher';
import { authorizeOrigin } from '../../start-leadloop';
import { CliError, cliConfig, withStore } from '../cli-context';

interface DoctorOptions {
  portal?: string;
  format: 'table' | 'json';
  config?: string;
  sla?: string;
  manifest: string;
  at?: number;
}

const isoTime = (v: string) => {
  if (!z.iso.datetime({ offset: true }).safeParse(v).success) throw new InvalidArgumentError('expected an ISO time with a zone, e.g. 2026-11-24T09:00:00Z');
  return Date.parse(v);
};

/** The committed manifest, parsed; null when absent (the diagnosis says how to make it). */
function readManifest(file: string): unknown {
  if (!fs.existsSync(file)) return null;
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new CliError(`${file}: not valid JSON (${(e as Error).message}); run \`leadloop manifest\``);
  }
}

/** Private-app mode: the token in HUBSPOT_ACCESS_TOKEN, and its own portal. */
async function privateAppInspection(config: AppConfig): Promise<{ portalId: number; port: PortalInspectionPort }> {
  const token = config.hubspot.accessToken!;
  const { baseUrl } = config.hubspot;
  const portalId = await portalIdOfToken(token, baseUrl);
  const e = config.env;
  return {
    portalId,
    port: createHubspotPortalInspection({ baseUrl, token: async () => token, grantedScopes: () => privateAppScopes(token, baseUrl), rateLimit: { max: e.LEADLOOP_HUBSPOT_MAX_REQUESTS, windowMs: e.LEADLOOP_HUBSPOT_WINDOW_MS } }),
  };
}

async function run(config: AppConfig, o: DoctorOptions, port: PortalInspectionPort, portalId: number): Promise<void> {
  let rules, sla;
  try {
    rules = loadScoringConfig(o.config ?? config.env.LEADLOOP_SCORING_CONFIG).rules;
    sla = loadSlaConfig(o.sla ?? config.env.LEADLOOP_SLA_CONFIG);
  } catch (e) {
    if (e instanceof ConfigError) throw new CliError(e.message);
    throw e;
  }
  const facts = await gatherPortalFacts(port, portalId, rules, o.at ?? Date.now());
  const e = config.env;
  const report = diagnosePortal({ facts, rules, sla, manifest: readManifest(o.manifest), rateLimit: { max: e.LEADLOOP_HUBSPOT_MAX_REQUESTS, windowMs: e.LEADLOOP_HUBSPOT_WINDOW_MS } });
  process.stdout.write(o.format === 'json' ? reportJson(report) : reportTable(report));
  if (!report.ok) process.exitCode = 1;
}

/** `leadloop doctor`: what will work on a real portal, checked read-only before anything is written. */
export function doctorCommand(): Command {
  return new Command('doctor')
    .description('check a HubSpot portal before going live (read-only): scopes, webhooks, properties, forms, stages, pipelines, owners, backfill')
    .option('--portal <id>', 'an installed OAuth portal (tokens from the store); default: the HUBSPOT_ACCESS_TOKEN private app\'s portal')
    .addOption(new Option('--format <format>', 'output').choices(['table', 'json']).default('table'))
    .option('--config <file>', 'scoring rules (default: LEADLOOP_SCORING_CONFIG)')
    .option('--sla <file>', 'SLA contract (default: LEADLOOP_SLA_CONFIG)')
    .option('--manifest <file>', 'the webhooks manifest to compare with the rules', 'webhooks/webhooks.json')
    .option('--at <iso>', 'inspect as of this time (the 30-day submissions window ends here)', isoTime)
    .addHelpText('after', `
Exit status: 0 when nothing blocks going live, 1 when something does, 2 when the doctor could not run.
Every line says ok, warn or block, and what to do. --format json prints
{ portalId, ok, findings: [{ area, status, message, fix }] } for scripts.

Private app:  HUBSPOT_ACCESS_TOKEN=pat-… leadloop doctor
OAuth portal: leadloop doctor --portal 12345678   (needs HUBSPOT_CLIENT_ID, HUBSPOT_CLIENT_SECRET, LEADLOOP_ENCRYPTION_KEY)
Sandbox:      HUBSPOT_BASE_URL=http://127.0.0.1:4010 HUBSPOT_ACCESS_TOKEN=<sandbox token> leadloop doctor`)
    .action(async (o: DoctorOptions) => {
      if (o.portal === undefined) {
        const config = cliConfig();
        if (!config.hubspot.accessToken) throw new CliError('set HUBSPOT_ACCESS_TOKEN (a private app) or pass --portal ID (an installed OAuth portal)');
        const { portalId, port } = await privateAppInspection(config);
        return run(config, o, port, portalId);
      }
      if (!/^\d+$/.test(o.portal)) throw new CliError(`"${o.portal}" is not a portal id`);
      const portalId = Number(o.portal);
      await withStore(async (store, config) => {
        if (!(await store.getPortal(portalId))) throw new CliError(`portal ${portalId} has not installed leadloop (see \`leadloop portals list\`)`);
        const { clientId, clientSecrets, baseUrl } = config.hubspot;
        if (!clientId || !clientSecrets[0] || !config.encryptionKey) throw new CliError('set HUBSPOT_CLIENT_ID, HUBSPOT_CLIENT_SECRET and LEADLOOP_ENCRYPTION_KEY to inspect an OAuth portal');
        const oauth = createHubspotOAuth({ baseUrl, authorizeBaseUrl: authorizeOrigin(baseUrl), clientId, clientSecret: clientSecrets[0] });
        const tokens = createPortalTokens(store, oauth, createTokenCipher(config.encryptionKey), createLogger({ level: 'error' }));
        const token = () => tokens.tokenFor(portalId);
        const e = config.env;
        const port = createHubspotPortalInspection({ baseUrl, token, grantedScopes: async () => oauthScopes(oauth, await token()), rateLimit: { max: e.LEADLOOP_HUBSPOT_MAX_REQUESTS, windowMs: e.LEADLOOP_HUBSPOT_WINDOW_MS } });
        await run(config, o, port, portalId);
      });
    });
}
