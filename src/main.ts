import { ConfigError } from './config/config-error';
import { readOrCreateDevClientSecret } from './config/dev-client-secret';
import { resolveAdminToken, type AdminToken } from './config/admin-token';
import { loadConfig, secretValuesOf, type AppConfig } from './config/load-config';
import { readEnvFile } from './config/read-env-file';
import { parseDatabaseUrl } from './config/database-url';
import { createLogger } from './log/create-logger';
import { claimDataDir, InstanceLockError, type InstanceLock } from './runtime/instance-lock';
import { startSandboxMode, wantsSandbox, type SandboxMode } from './sandbox/sandbox-mode';
import { installGracefulShutdown } from './runtime/graceful-shutdown';
import { createProcessFaults } from './runtime/process-faults';
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

/** One leadloop per data directory and SQLite file: a second start is refused, naming the first. */
function claimOrExit(config: AppConfig): InstanceLock {
  try {
    const location = parseDatabaseUrl(config.databaseUrl);
    return claimDataDir(config.dataDir, 'file' in location ? location.file : undefined);
  } catch (e) {
    if (e instanceof InstanceLockError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
}

/** A port already taken gets a message naming the variable that moves it, not a bare EADDRINUSE. */
function explainListenError(variable: string, port: number) {
  return (e: unknown): never => {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new Error(`port ${port} is already in use (another leadloop, or another program): set ${variable} to a free port, e.g. ${variable}=${port + 2} npm start`);
    if (code === 'EACCES') throw new Error(`port ${port} needs privileges this process lacks: set ${variable} to a port above 1023`);
    throw e;
  };
}

/**
 * The dashboard link, printed on standard output (never the log): with a generated token, a link that signs in with
 * it (as Jupyter prints one); `/login` trades it for a session cookie and redirects, so it leaves the address bar.
 */
function signInLine(admin: AdminToken, baseUrl: string): string {
  if (admin.source !== 'file') return `Dashboard: ${baseUrl}/ (sign in with ${admin.source}, or send it as Authorization: Bearer)`;
  return `Dashboard: open ${baseUrl}/login?token=${admin.token}\n  (the admin token${admin.created ? ', just generated,' : ''} is in ${admin.file}; set LEADLOOP_ADMIN_TOKEN to choose your own)`;
}

/**
 * `npm start`: load config, start everything, stop cleanly on SIGTERM / SIGINT. With no HubSpot credentials,
 * the built-in sandbox starts first and leadloop is wired to it: a newcomer sees the whole loop in one command.
 */
export async function main(): Promise<void> {
  readEnvFile();
  let config = loadOrExit(process.env);
  const instance = claimOrExit(config);
  let sandbox: SandboxMode | undefined;
  const devSecret = () => readOrCreateDevClientSecret(config.dataDir);
  if (wantsSandbox(config.env)) {
    sandbox = await startSandboxMode(config.env, config.dataDir, config.hubspot.clientSecrets[0] ?? devSecret().secret).catch(explainListenError('SANDBOX_PORT', config.env.SANDBOX_PORT));
    config = loadOrExit({ ...process.env, ...sandbox.env });
  } else if (config.hubspot.clientSecrets.length === 0) {
    const dev = devSecret();
    config = loadOrExit({ ...process.env, HUBSPOT_CLIENT_SECRET: dev.secret });
    process.stdout.write(
      `No HUBSPOT_CLIENT_SECRET set: development mode. Webhooks are checked against the secret in ${dev.file}` +
        `${dev.created ? ' (just generated)' : ''}.\nSend a signed test event with: npx leadloop dev send-event\n`,
    );
  }
  const admin = resolveAdminToken(config);
  const logger = createLogger({ level: config.logLevel, secretValues: [...secretValuesOf(config), admin.token] });
  // Nothing fails quietly: what escaped every handler is logged with its cause, and /readyz fails from then on.
  const faults = createProcessFaults();
  process.on('unhandledRejection', (error) => {
    faults.record(error, Date.now());
    logger.error('unhandled rejection: /readyz now fails; restart leadloop', { error, cause: (error as { cause?: unknown } | null)?.cause });
  });
  const app = await startLeadloop(config, { logger, faults, autoBackfill: !config.env.LEADLOOP_AUTO_BACKFILL ? 'off' : sandbox ? 'install-and-start' : 'install' }).catch(explainListenError('PORT', config.port));
  instance.update({
    url: app.url,
    webhookUrl: `${config.publicUrl ?? app.url}/webhooks/hubspot`,
    ...(sandbox ? { sandbox: { url: sandbox.sandbox.url, portalId: sandbox.sandbox.portal.portalId, sampleContactId: sandbox.sampleContactId } } : {}),
  });
  logger.info('leadloop listening', { url: app.url, webhook: `${app.url}/webhooks/hubspot`, store: app.store.dialect, sandbox: sandbox?.sandbox.url });
  if (sandbox) process.stdout.write(`${sandbox.connect(app.url)}\n`);
  process.stdout.write(`${signInLine(admin, config.publicUrl ?? app.url)}\n`);

  installGracefulShutdown({
    signals: process,
    close: async () => {
      await Promise.all([app.close(), sandbox?.sandbox.close()]);
      instance.release();
    },
    exit: (code) => process.exit(code),
    logger,
    timeoutMs: config.env.LEADLOOP_SHUTDOWN_TIMEOUT_MS,
  });
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`leadloop failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
