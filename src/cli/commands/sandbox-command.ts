import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { readOrCreateDevClientSecret, readOrCreateSecret } from '../../config/dev-client-secret';
import { faultsSchema } from '../../sandbox/sandbox-faults';
import { startSandbox } from '../../sandbox/start-sandbox';
import { cliConfig, print } from '../cli-context';

const number = (name: string, min: number, max: number) => (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max) throw new InvalidArgumentError(`${name}: expected a number from ${min} to ${max}`);
  return n;
};

interface SandboxFlags {
  port?: number;
  contacts: number;
  seed: number;
  target?: string;
  errorRate: number;
  latency: number;
  duplicateRate: number;
  dropRate: number;
  outOfOrder?: boolean;
  rateLimit: number;
}

/** `leadloop sandbox`: the HubSpot-dialect sandbox on its own, for other tools and benchmarks. */
export function sandboxCommand(): Command {
  return new Command('sandbox')
    .description('run the built-in HubSpot sandbox on its own (SANDBOX_PORT, default 3001) until Ctrl-C')
    .option('--port <n>', 'port to listen on (default SANDBOX_PORT)', number('--port', 0, 65535))
    .option('--contacts <n>', 'contacts to seed (when no saved portal exists)', number('--contacts', 0, 1_000_000), 3000)
    .option('--seed <n>', 'seed of the generated portal', number('--seed', 0, 2 ** 31), 42)
    .option('--target <url>', 'deliver webhooks to this URL (default: none, events wait)')
    .option('--error-rate <r>', 'share of API calls answered 502', number('--error-rate', 0, 1), 0)
    .option('--latency <ms>', 'added to every API call', number('--latency', 0, 60_000), 0)
    .option('--duplicate-rate <r>', 'share of webhook events delivered twice', number('--duplicate-rate', 0, 1), 0)
    .option('--drop-rate <r>', 'share of webhook events never delivered (HubSpot gave up on them); `leadloop reconcile` heals them', number('--drop-rate', 0, 1), 0)
    .option('--out-of-order', 'shuffle webhook batches and hold some events back')
    .option('--rate-limit <n>', 'requests per 10 s before 429', number('--rate-limit', 1, 100_000), 100)
    .action(async (o: SandboxFlags) => {
      const config = cliConfig();
      const e = config.env;
      const secret = config.hubspot.clientSecrets[0] ?? readOrCreateDevClientSecret(config.dataDir).secret;
      const token = e.SANDBOX_ACCESS_TOKEN ?? readOrCreateSecret(config.dataDir, 'sandbox-access-token', 'pat-sandbox-').secret;
      const clientId = readOrCreateSecret(config.dataDir, 'sandbox-client-id', 'sandbox-client-').secret;
      const faults = faultsSchema.parse({ errorRate: o.errorRate, latencyMs: o.latency, duplicateRate: o.duplicateRate, dropRate: o.dropRate, outOfOrder: o.outOfOrder === true, rateLimitPer10s: o.rateLimit });
      const sandbox = await startSandbox({
        port: o.port ?? e.SANDBOX_PORT,
        host: '127.0.0.1',
        clientId,
        clientSecret: secret,
        privateToken: token,
        contacts: o.contacts,
        seed: o.seed,
        faults,
        ...(o.target ? { targetUrl: o.target } : {}),
        snapshotFile: path.join(config.dataDir, 'sandbox-portal.json'),
      });
      print(`HubSpot sandbox for portal ${sandbox.portal.portalId} on ${sandbox.url} (${sandbox.portal.table('contacts').size} contacts)`);
      print(`  private-app token: in ${path.join(config.dataDir, 'sandbox-access-token')} (or SANDBOX_ACCESS_TOKEN)`);
      print(`  OAuth client id:   ${clientId} (client secret: HUBSPOT_CLIENT_SECRET or ${path.join(config.dataDir, 'dev-client-secret')})`);
      print(`  webhooks:          ${o.target ?? 'no target (pass --target)'}`);
      print(`  faults:            ${JSON.stringify(faults)} (change live: POST ${sandbox.url}/_sandbox/faults)`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await sandbox.close();
    });
}
