import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { ConfigError } from '../../config/config-error';
import { loadScoringConfig } from '../../config/load-scoring-config';
import { buildProject, type AppManifest } from '../../manifest/build-project';
import { CARD_SOURCES, fetchableUrl } from '../../manifest/build-card-files';
import { buildWebhooksManifest, DEFAULT_TARGET_URL } from '../../manifest/build-webhooks-manifest';
import { registeredRedirectUrls } from '../../oauth/redirect-urls';
import { CliError, cliConfig, print } from '../cli-context';

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** The card's sources ship in the package (src/card), three folders above this file in src/ and in dist/ alike. */
function readCardSources(): Record<string, string> {
  const dir = path.resolve(__dirname, '../../../src/card');
  return Object.fromEntries(CARD_SOURCES.map((name) => [name, fs.readFileSync(path.join(dir, name), 'utf8')]));
}

/** `--public-url`: an absolute http(s) URL, without a trailing slash. */
function publicUrlOf(flag: string | undefined): string | undefined {
  if (flag === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(flag);
  } catch {
    throw new CliError(`--public-url: expected an absolute URL such as https://leads.example.com (got ${JSON.stringify(flag)})`, 2);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new CliError(`--public-url: expected an http(s) URL (got ${JSON.stringify(flag)})`, 2);
  return flag.replace(/\/+$/, '');
}

export function manifestCommand(): Command {
  return new Command('manifest')
    .description('regenerate webhooks/webhooks.json from the rules; with --project, write a deployable HubSpot project')
    .option('--config <file>', 'scoring rules', 'config/scoring.json')
    .option('--project <dir>', 'write hsproject.json, src/app/*-hsmeta.json and the contact card (src/app/cards) into DIR (for `hs project upload`)')
    .option('--public-url <url>', 'where HubSpot reaches this deployment (default PUBLIC_URL): the project registers <url>/oauth/callback and sends webhooks to <url>/webhooks/hubspot')
    .option('--check', 'exit 1 if webhooks/webhooks.json differs from what the rules need; write nothing')
    .option('--dry-run', 'with --project: list the files it would write; write nothing')
    .action((opts: { config: string; project?: string; publicUrl?: string; check?: boolean; dryRun?: boolean }) => {
      let rules;
      try {
        rules = loadScoringConfig(opts.config).rules;
      } catch (e) {
        if (e instanceof ConfigError) throw new CliError(e.message, 1);
        throw e;
      }
      const config = cliConfig();
      const publicUrl = publicUrlOf(opts.publicUrl) ?? config.publicUrl;
      const targetUrl = publicUrl ? `${publicUrl}/webhooks/hubspot` : DEFAULT_TARGET_URL;
      const webhooks = buildWebhooksManifest(rules, targetUrl);
      if (opts.check) {
        const committed = fs.readFileSync('webhooks/webhooks.json', 'utf8');
        if (committed !== json(buildWebhooksManifest(rules))) throw new CliError('webhooks/webhooks.json is stale: run `leadloop manifest`', 1);
        return print('webhooks/webhooks.json matches the rules');
      }
      if (opts.project) {
        const app = JSON.parse(fs.readFileSync('app.json', 'utf8')) as AppManifest;
        // The install sends ${PUBLIC_URL}/oauth/callback; HubSpot accepts only a registered redirect URL, exactly.
        const auth = { ...app.auth, redirectUrls: registeredRedirectUrls(app.auth.redirectUrls, publicUrl) };
        if (!publicUrl) print('no PUBLIC_URL (or --public-url): the project registers only app.json\'s redirect URLs, so installs work from localhost only');
        if (!fetchableUrl(publicUrl)) print('the contact card reaches leadloop only at an https PUBLIC_URL (not localhost): its fetch URL is not registered, so the card shows "leadloop cannot be reached"');
        const files = buildProject({ ...app, auth }, webhooks, undefined, { sources: readCardSources(), ...(publicUrl ? { publicUrl } : {}) });
        for (const [file, content] of Object.entries(files)) {
          const target = path.join(opts.project, file);
          if (opts.dryRun) {
            print(`would write ${target}`);
            continue;
          }
          fs.mkdirSync(path.dirname(target), { recursive: true });
          fs.writeFileSync(target, typeof content === 'string' ? content : json(content));
          print(`wrote ${target}`);
        }
        return;
      }
      fs.writeFileSync('webhooks/webhooks.json', json(buildWebhooksManifest(rules)));
      print(`wrote webhooks/webhooks.json (${webhooks.subscriptions.legacyCrmObjects.length + webhooks.subscriptions.hubEvents.length} subscriptions)`);
    });
}
