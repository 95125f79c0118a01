import { ConfigError } from './config/config-error';
import { readOrCreateDevClientSecret } from './config/dev-client-secret';
import { loadConfig, secretValuesOf, type AppConfig } from './config/load-config';
import { readEnvFile } from './config/read-env-file';
import { createLogger } from './log/create-logger';
import { startSandboxMode, wantsSandbox, type SandboxMode } from './sandbox/sandbox-mode';
import { startLeadloop } from './start-leadloop';

function loadOrExit(env: NodeJS.ProcessEnv): AppConfig {
  try {
    return loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\nSee .env.example for every variable.\n`);
      process.exit(2);
    }
    throw e;
  }
}

/**
 * `npm start`: load config, start everything, stop cleanly on SIGTERM / SIGINT. With no HubSpot credentials,
 * the built-in sandbox starts first and leadloop is wired to it: a newcomer sees the whole loop in one command.
 */
export async function main(): Promise<void> {
  readEnvFile();
  let config = loadOrExit(process.env);
  let sandbox: SandboxMode | undefined;
  const devSecret = () => readOrCreateDevClientSecret(config.dataDir);
  if (wantsSandbox(config.env)) {
    sandbox = await startSandboxMode(config.env, config.dataDir, config.hubspot.clientSecrets[0] ?? devSecret().secret);
    config = loadOrExit({ ...process.env, ...sandbox.env });
  } else if (config.hubspot.clientSecrets.length === 0) {
    const dev = devSecret();
    config = loadOrExit({ ...process.env, HUBSPOT_CLIENT_SECRET: dev.secret });
    process.stdout.write(
      `No HUBSPOT_CLIENT_SECRET set: development mode. Webhooks are checked against the secret in ${dev.file}` +
        `${dev.created ? ' (just generated)' : ''}.\nSend a signed test event with: npx leadloop dev send-event\n`,
    );
  }
  const logger = createLogger({ level: config.logLevel, secretValues: secretValuesOf(config) });
  const app = await startLeadloop(config, { logger });
  logger.info('leadloop listening', { url: app.url, webhook: `${app.url}/webhooks/hubspot`, store: app.store.dialect, sandbox: sandbox?.sandbox.url });
  if (sandbox) process.stdout.write(`${sandbox.connect(app.url)}\n`);

  const shutdown = (signal: string) => {
    logger.info('shutting down: draining in-flight work', { signal });
    Promise.all([app.close(), sandbox?.sandbox.close()]).then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error('shutdown failed', { error });
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  // Nothing crashes the process quietly: log what escaped and keep serving what can be served.
  process.on('unhandledRejection', (error) => logger.error('unhandled rejection', { error }));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`leadloop failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
