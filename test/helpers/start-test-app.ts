import Database from 'better-sqlite3';
import { startLeadloop, type RunningLeadloop, type StartOptions } from '../../src/start-leadloop';
import { sqlitePathOf } from '../../src/store/open-database';
import { memoryLogger } from './memory-logger';
import { TEST_SECRET, testConfig } from './test-config';

export interface TestApp extends RunningLeadloop {
  webhookUrl: string;
  logText: () => string;
  /** Reads the SQLite file directly: an independent look at what was stored. */
  query<T = Record<string, unknown>>(sql: string, ...params: unknown[]): T[];
}

export async function startTestApp(env: Record<string, string> = {}, options: Partial<StartOptions> = {}): Promise<TestApp> {
  const config = testConfig(env);
  const { logger, text } = memoryLogger([TEST_SECRET]);
  const app = await startLeadloop(config, { logger, host: '127.0.0.1', ...options });
  const file = sqlitePathOf(config.databaseUrl)!;
  return {
    ...app,
    webhookUrl: `${app.url}/webhooks/hubspot`,
    logText: text,
    query<T>(sql: string, ...params: unknown[]): T[] {
      const db = new Database(file, { readonly: true });
      try {
        return db.prepare(sql).all(...params) as T[];
      } finally {
        db.close();
      }
    },
  };
}

export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
