import path from 'node:path';
import { ConfigError } from './config-error';
import { envSchema, parseEncryptionKey, type Env } from './env-schema';
import type { z } from 'zod';
import { formatPath } from './format-zod-issues';

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
  const given = withoutEmptyValues(env);
  const parsed = envSchema.safeParse(given);
  if (!parsed.success) throw new ConfigError('environment', describeEnvIssues(parsed.error, given));
  const e = parsed.data;
  const databaseUrl = e.DATABASE_URL ?? `sqlite:${e.LEADLOOP_DATA_DIR.replace(/\/+$/, '')}/leadloop.sqlite`;
  if (e.LEADLOOP_ROLE !== 'all' && !/^postgres(ql)?:/i.test(databaseUrl)) {
    throw new ConfigError('environment', [`LEADLOOP_ROLE: "${e.LEADLOOP_ROLE}" needs PostgreSQL (DATABASE_URL=postgres://…); SQLite serves one process, whose role is "all"`]);
  }
  const clientSecrets = [e.HUBSPOT_CLIENT_SECRET, e.HUBSPOT_CLIENT_SECRET_PREVIOUS].filter(
    (s): s is string => s !== undefined,
  );
  return Object.freeze({
    env: Object.freeze(e),
    port: e.PORT,
    // One data directory holds everything of one instance: a second instance given its own directory gets its own
    // database too, not a share of the first one's.
    databaseUrl,
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

/**
 * An empty variable means unset, as in `.env.example` copied to `.env` (`HUBSPOT_APP_ID=`): its default applies,
 * instead of "Too small" or "Invalid URL" for a value nobody gave.
 */
function withoutEmptyValues(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
}

// Values never echoed in an error: they are secrets, or URLs that may carry a password.
const UNECHOED = /SECRET|TOKEN|KEY|PASSWORD|^DATABASE_URL$|^SMTP_URL$|^SLACK_WEBHOOK_URL$/;

/** `PORT: expected a port number (got "abc")`: the value is echoed, unless it may be a secret. */
function describeEnvIssues(error: z.ZodError, env: NodeJS.ProcessEnv): string[] {
  return error.issues.map((issue) => {
    const name = String(issue.path[0] ?? '');
    const value = env[name];
    const echo = value !== undefined && !UNECHOED.test(name) ? ` (got ${JSON.stringify(value)})` : '';
    return `${formatPath(issue.path) || '(root)'}: ${issue.message}${echo}`;
  });
}

/** Secrets whose values must never reach a log line, whatever key they hide under. */
export function secretValuesOf(config: AppConfig): string[] {
  return [...config.hubspot.clientSecrets, config.hubspot.accessToken, config.env.LEADLOOP_ENCRYPTION_KEY, config.env.LEADLOOP_ADMIN_TOKEN, config.env.LEADLOOP_DASHBOARD_TOKEN].filter(
    (s): s is string => typeof s === 'string' && s.length >= 8,
  );
}
