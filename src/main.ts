import { ConfigError } from './config/config-error';
import { readOrCreateDevClientSecret } from './config/dev-client-secret';
import { loadConfig, secretValuesOf } from './config/load-config';
import { readEnvFile } from './config/read-env-file';
import { createLogger } from './log/create-logger';
import { startLeadloop } from './start-leadloop';

/** `npm start`: load config, start everything, stop cleanly on SIGTERM / SIGINT. */
export async function main(): Promise<void> {
  readEnvFile();
  let config;
  try {
    config = loadConfig(process.env);
    if (config.hubspot.clientSecrets.length === 0) {
      const dev = readOrCreateDevClientSecret(config.dataDir);
      config = loadConfig({ ...process.env, HUBSPOT_CLIENT_SECRET: dev.secret });
      process.stdout.write(
        `No HUBSPOT_CLIENT_SECRET set: development mode. Webhooks are checked against the secret in ${dev.file}` +
          `${dev.created ? ' (just generated)' : ''}.\nSend a signed test event with: npx leadloop dev send-event\n`,
      );
    }
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\nSee .env.example for every variable.\n`);
      process.exit(2);
    }
    throw e;
  }
  const logger = createLogger({ level: config.logLevel, secretValues: secretValuesOf(config) });
  const app = await startLeadloop(config, { logger });
  logger.info('leadloop listening', { url: app.url, webhook: `${app.url}/webhooks/hubspot`, store: app.store.dialect });

  const shutdown = (signal: string) => {
    logger.info('shutting down: draining in-flight work', { signal });
    app.close().then(
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
