import { z } from 'zod';
import { parseDatabaseUrl } from './database-url';

/** 32 random bytes, as 64 hex characters or as base64 (44 characters with padding). */
export function parseEncryptionKey(value: string): Buffer | null {
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  if (/^[A-Za-z0-9+/]{43}=?$/.test(value)) {
    const key = Buffer.from(value, 'base64');
    return key.length === 32 ? key : null;
  }
  return null;
}

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const portNumber = (fallback: number) =>
  z.coerce.number({ error: 'expected a port number' }).int('expected a whole port number').min(0, 'expected a port from 0 to 65535').max(65535, 'expected a port from 0 to 65535').default(fallback);

/**
 * Every environment variable leadloop reads. Names are a public interface (README, .env.example):
 * never rename one without keeping the old name working.
 */
export const envSchema = z
  .object({
    PORT: portNumber(3000),
    // Unset: the SQLite file in LEADLOOP_DATA_DIR (see load-config.ts).
    DATABASE_URL: z
      .string()
      .trim()
      .superRefine((v, ctx) => {
        const location = parseDatabaseUrl(v);
        if ('error' in location) ctx.addIssue({ code: 'custom', message: location.error });
      })
      .optional(),
    // PostgreSQL only: connections per process. Several instances share the server's max_connections (100 by default).
    DATABASE_POOL_MAX: positiveInt(10),
    // PostgreSQL only: statements prepared once per connection. 0 behind a pooler in transaction mode that cannot
    // keep prepared statements (PgBouncer before 1.21).
    DATABASE_PREPARED_STATEMENTS: z
      .enum(['', '0', '1', 'false', 'true'], { message: 'expected 1/true or 0/false' })
      .default('')
      .transform((v) => v !== '0' && v !== 'false'),
    HUBSPOT_CLIENT_ID: optionalString,
    HUBSPOT_CLIENT_SECRET: optionalString,
    // A second secret accepted during a client-secret rotation.
    HUBSPOT_CLIENT_SECRET_PREVIOUS: optionalString,
    HUBSPOT_APP_ID: z.coerce.number().int().positive().optional(),
    HUBSPOT_ACCESS_TOKEN: optionalString,
    HUBSPOT_BASE_URL: z.url().default('https://api.hubapi.com'),
    PUBLIC_URL: z.url().optional(),
    LEADLOOP_ENCRYPTION_KEY: optionalString.refine((v) => v === undefined || parseEncryptionKey(v) !== null, {
      message: 'expected 32 random bytes as 64 hex characters or base64 (run `leadloop keygen`)',
    }),
    LOG_LEVEL: z.enum(['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly']).default('info'),
    LEADLOOP_DATA_DIR: z.string().trim().min(1).default('./data'),
    LEADLOOP_WEBHOOK_MAX_BODY_BYTES: positiveInt(4 * 1024 * 1024),
    LEADLOOP_WORKER_POLL_MS: positiveInt(250),
    LEADLOOP_WORKER_COALESCE_MS: z.coerce.number().int().min(0).default(100),
    LEADLOOP_WORKER_LEASE_MS: positiveInt(30_000),
    LEADLOOP_WORKER_MAX_ATTEMPTS: positiveInt(8),
    LEADLOOP_WORKER_BATCH_CONTACTS: positiveInt(100),
    LEADLOOP_SCORING_CONFIG: z.string().trim().min(1).default('config/scoring.json'),
    LEADLOOP_WORKER_CONCURRENCY: positiveInt(4),
    // v1/v2 webhook signatures carry no timestamp and can be replayed: refused unless this is 1/true.
    LEADLOOP_ACCEPT_LEGACY_SIGNATURES: z
      .enum(['', '0', '1', 'false', 'true'], { message: 'expected 1/true or 0/false' })
      .default('')
      .transform((v) => v === '1' || v === 'true'),
    // SIGTERM drains in-flight work for at most this long, then exits (a second signal exits at once).
    LEADLOOP_SHUTDOWN_TIMEOUT_MS: positiveInt(25_000),
    // web: receive and acknowledge webhooks, serve the dashboard; worker: score, write back, run the scheduled jobs;
    // all: both (the only choice on SQLite, which serves one process). See README "Several instances".
    LEADLOOP_ROLE: z.enum(['all', 'web', 'worker'], { message: 'expected web, worker or all' }).default('all'),
    // A worker process's niceness (0 = as the others, 19 = last): on a machine shared with web processes the intake
    // gets the CPU first (HubSpot gives up on a delivery after 5 s; queued events can wait). Role worker only.
    LEADLOOP_WORKER_NICE: z.coerce.number({ message: 'expected a niceness from 0 to 19' }).int('expected a whole number').min(0, 'expected a niceness from 0 to 19').max(19, 'expected a niceness from 0 to 19').default(10),
    LEADLOOP_DRY_RUN: z
      .enum(['', '0', '1', 'false', 'true'], { message: 'expected 1/true or 0/false' })
      .default('')
      .transform((v) => v === '1' || v === 'true'),
    LEADLOOP_CRM_BATCH_WINDOW_MS: z.coerce.number().int().min(0).default(250),
    LEADLOOP_HUBSPOT_MAX_REQUESTS: positiveInt(110),
    LEADLOOP_HUBSPOT_WINDOW_MS: positiveInt(10_000),
    // The share of that budget a backfill may fill; live webhook work always goes first (src/crm/rate-limiter.ts).
    LEADLOOP_BACKFILL_RATE_SHARE: z.coerce.number().gt(0, { message: 'expected a share above 0, up to 1' }).max(1).default(0.8),
    // `npm start` backfills by itself (0 to turn it off): a portal once after its OAuth install, and with the sandbox
    // its seeded portal at start until that backfill has finished.
    LEADLOOP_AUTO_BACKFILL: z
      .enum(['', '0', '1', 'false', 'true'], { message: 'expected 1/true or 0/false' })
      .default('')
      .transform((v) => v !== '0' && v !== 'false'),
    // The SLA contract (config/sla.json) and where overdue leads are announced besides HubSpot tasks.
    LEADLOOP_SLA_CONFIG: z.string().trim().min(1).default('config/sla.json'),
    SLACK_WEBHOOK_URL: optionalString.pipe(z.url().optional()),
    // Revenue by source: marketing's costs (config/costs.json, optional) and how a won deal is credited to origins.
    LEADLOOP_COSTS_CONFIG: z.string().trim().min(1).default('config/costs.json'),
    LEADLOOP_ATTRIBUTION_MODEL: z.enum(['firstTouch', 'lastTouchBeforeMql', 'linear'], { message: 'expected firstTouch, lastTouchBeforeMql or linear' }).default('firstTouch'),
    SMTP_URL: optionalString.pipe(z.url().optional()),
    SLA_EMAIL_FROM: optionalString,
    // Who may read the report and /metrics (src/http/access-policy.ts). Unset: generated once into the data directory.
    LEADLOOP_ADMIN_TOKEN: optionalString,
    // The former name of LEADLOOP_ADMIN_TOKEN, still read when that one is unset.
    LEADLOOP_DASHBOARD_TOKEN: optionalString,
    // Reconciliation: reads back what changed in HubSpot and re-decides what leadloop never heard (src/reconcile).
    LEADLOOP_RECONCILE_SCHEDULE: z.string().trim().min(1).default('*/15 * * * *'),
    LEADLOOP_RECONCILE_MAX_PAGES: positiveInt(10),
    LEADLOOP_RECONCILE_OVERLAP_MS: z.coerce.number().int().min(0).default(5 * 60_000),
    // /metrics on a port of its own (no token; bound to LEADLOOP_METRICS_HOST) instead of behind the admin token.
    LEADLOOP_METRICS_PORT: z.coerce.number({ error: 'expected a port number' }).int().min(0).max(65535, 'expected a port from 0 to 65535').optional(),
    LEADLOOP_METRICS_HOST: z.string().trim().min(1).default('127.0.0.1'),
    // Express's `trust proxy` (e.g. `loopback`): which proxies' X-Forwarded-For/-Proto to believe. Unset: none.
    LEADLOOP_TRUST_PROXY: optionalString,
    // The built-in sandbox (`npm start` with no HubSpot credentials, `leadloop sandbox`).
    LEADLOOP_SANDBOX: z.enum(['auto', '0', '1', 'false', 'true', 'off', 'on'], { message: 'expected auto, 1/on or 0/off' }).default('auto'),
    SANDBOX_PORT: portNumber(3001),
    SANDBOX_ACCESS_TOKEN: optionalString,
    SANDBOX_CONTACTS: z.coerce.number().int().min(0).max(1_000_000).default(3000),
  })
  .superRefine((env, ctx) => {
    // OAuth stores portals' tokens at rest: without a key they could only be stored in plain text.
    if (env.HUBSPOT_CLIENT_ID && !env.LEADLOOP_ENCRYPTION_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['LEADLOOP_ENCRYPTION_KEY'],
        message: 'required when HUBSPOT_CLIENT_ID is set (OAuth tokens are encrypted at rest); run `leadloop keygen`',
      });
    }
  });

export type Env = z.infer<typeof envSchema>;
