import { startLeadloop, type RunningLeadloop, type StartOptions } from '../../src/start-leadloop';
import { memoryLogger } from './memory-logger';
import { TEST_SECRET, testConfig } from './test-config';
import { queryDatabase } from './test-database';

export interface TestApp extends RunningLeadloop {
  webhookUrl: string;
  logText: () => string;
  /** The test's DATABASE_URL (SQLite file, or PostgreSQL under test:pg). */
  databaseUrl: string;
  /** The test's LEADLOOP_DATA_DIR. */
  dataDir: string;
  /** Reads the database directly: an independent look at what was stored. */
  query<T = Record<string, unknown>>(sql: string, ...params: unknown[]): T[];
}

export async function startTestApp(env: Record<string, string> = {}, options: Partial<StartOptions> = {}): Promise<TestApp> {
  const config = testConfig(env);
  const { logger, text } = memoryLogger([TEST_SECRET]);
  const app = await startLeadloop(config, { logger, host: '127.0.0.1', ...options });
  return {
    ...app,
    webhookUrl: `${app.url}/webhooks/hubspot`,
    logText: text,
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    query: <T>(sql: string, ...params: unknown[]): T[] => queryDatabase<T>(config.databaseUrl, sql, ...params),
  };
}

export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
