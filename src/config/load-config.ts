import path from 'node:path';
import { ConfigError } from './config-error';
import { envSchema, parseEncryptionKey, type Env } from './env-schema';
import { formatZodIssues } from './format-zod-issues';

export interface AppConfig {
  readonly env: Env;
  readonly port: number;
  readonly databaseUrl: string;
  readonly dataDir: string;
  readonly hubspot: {
    readonly clientId?: string;
    readonly clientSecrets: readonly string[];
    readonly appId?: number;
    readonly accessToken?: string;
    readonly baseUrl: string;
  };
  readonly publicUrl?: string;
  readonly encryptionKey?: Buffer;
  readonly logLevel: Env['LOG_LEVEL'];
}

/**
 * Parses the environment once, into a frozen typed object. Nothing else reads process.env.
 * Throws one ConfigError listing every missing or invalid variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError('environment', formatZodIssues(parsed.error));
  const e = parsed.data;
  const clientSecrets = [e.HUBSPOT_CLIENT_SECRET, e.HUBSPOT_CLIENT_SECRET_PREVIOUS].filter(
    (s): s is string => s !== undefined,
  );
  return Object.freeze({
    env: Object.freeze(e),
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.LEADLOOP_DATA_DIR),
    hubspot: Object.freeze({
      clientId: e.HUBSPOT_CLIENT_ID,
      clientSecrets: Object.freeze(clientSecrets),
      appId: e.HUBSPOT_APP_ID,
      accessToken: e.HUBSPOT_ACCESS_TOKEN,
      baseUrl: e.HUBSPOT_BASE_URL.replace(/\/+$/, ''),
    }),
    publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ''),
    encryptionKey: e.LEADLOOP_ENCRYPTION_KEY ? (parseEncryptionKey(e.LEADLOOP_ENCRYPTION_KEY) ?? undefined) : undefined,
    logLevel: e.LOG_LEVEL,
  });
}

/** Secrets whose values must never reach a log line, whatever key they hide under. */
export function secretValuesOf(config: AppConfig): string[] {
  return [...config.hubspot.clientSecrets, config.hubspot.accessToken, config.env.LEADLOOP_ENCRYPTION_KEY, config.env.LEADLOOP_DASHBOARD_TOKEN].filter(
    (s): s is string => typeof s === 'string' && s.length >= 8,
  );
}
