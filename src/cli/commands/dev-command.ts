import { Command, InvalidArgumentError } from 'commander';
import { readOrCreateDevClientSecret } from '../../config/dev-client-secret';
import { signV3 } from '../../http/verify-signature';
import { readRunningInstance } from '../../runtime/instance-lock';
import { CliError, cliConfig, print } from '../cli-context';

function integer(name: string) {
  return (v: string) => {
    if (!/^\d+$/.test(v)) throw new InvalidArgumentError(`${name} must be a non-negative integer`);
    return Number(v);
  };
}

interface SendOptions {
  url?: string;
  type: string;
  portalId?: number;
  objectId?: number;
  property?: string;
  count: number;
  secret?: string;
}

export function devCommand(): Command {
  const dev = new Command('dev').description('tools for trying leadloop by hand');
  dev
    .command('send-event')
    .description('send a webhook delivery signed with v3, as HubSpot would, to a running leadloop')
    .option('--url <url>', 'webhook URL (default: the running leadloop\'s, else http://127.0.0.1:$PORT/webhooks/hubspot)')
    .option('--type <subscriptionType>', 'event type', 'contact.creation')
    .option('--portal-id <id>', 'portal (hub) id (default: the running sandbox\'s portal, else 62515)', integer('--portal-id'))
    .option('--object-id <id>', 'contact id (default: a contact of the running sandbox, else 123)', integer('--object-id'))
    .option('--property <name=value>', 'for contact.propertyChange: the property and its new value')
    .option('--count <n>', 'events in the delivery (1–100)', integer('--count'), 1)
    .option('--secret <secret>', 'client secret to sign with (default: HUBSPOT_CLIENT_SECRET or the development secret)')
    .action(async (opts: SendOptions) => {
      const config = cliConfig();
      if (opts.count < 1 || opts.count > 100) throw new CliError('--count must be between 1 and 100 (HubSpot sends at most 100 events a request)');
      const secret = opts.secret ?? config.hubspot.clientSecrets[0] ?? readOrCreateDevClientSecret(config.dataDir).secret;
      // `npm start` on this data directory says where it listens and, in sandbox mode, which portal and contacts
      // exist: an event for another portal would only become a dead letter ("no token for portal …").
      const running = readRunningInstance(config.dataDir);
      const url = opts.url ?? running?.webhookUrl ?? `http://127.0.0.1:${config.port}/webhooks/hubspot`;
      const portalId = opts.portalId ?? running?.sandbox?.portalId ?? 62515;
      const objectId = opts.objectId ?? Number(running?.sandbox?.sampleContactId ?? 123);
      let property: { propertyName: string; propertyValue: string } | undefined;
      if (opts.property !== undefined) {
        const eq = opts.property.indexOf('=');
        if (eq <= 0) throw new CliError('--property must look like name=value');
        property = { propertyName: opts.property.slice(0, eq), propertyValue: opts.property.slice(eq + 1) };
      }
      const now = Date.now();
      const events = Array.from({ length: opts.count }, (_, i) => ({
        eventId: now * 100 + i,
        subscriptionId: 1,
        portalId,
        appId: config.hubspot.appId ?? 1,
        occurredAt: now + i,
        subscriptionType: opts.type,
        attemptNumber: 0,
        objectId,
        changeSource: 'CRM_UI',
        ...property,
      }));
      const body = JSON.stringify(events);
      const timestamp = String(Date.now());
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-HubSpot-Signature-Version': 'v3',
          'X-HubSpot-Signature-v3': signV3(secret, 'POST', url, body, timestamp),
          'X-HubSpot-Request-Timestamp': timestamp,
        },
        body,
      }).catch((e: unknown) => {
        throw new CliError(`could not reach ${url}: ${(e as Error).message}. Is leadloop running (npm start)?`);
      });
      print(`${res.status} ${await res.text()}`);
      if (!res.ok) process.exitCode = 1;
      else print(`Sent ${opts.count} ${opts.type} for contact ${objectId} of portal ${portalId}. In a moment: npx leadloop explain ${objectId}`);
    });
  return dev;
}
