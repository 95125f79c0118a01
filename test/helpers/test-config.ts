import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type AppConfig } from '../../src/config/load-config';
import { testDatabaseUrl } from './test-database';

export const TEST_SECRET = 'test-client-secret-0123456789';

/** A config for one test: its own temporary data directory and database (SQLite file, or PG under test:pg), a free port. */
export function testConfig(env: Record<string, string> = {}): AppConfig & { tmpDir: string } {
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'leadloop-test-'));
  const config = loadConfig({
    PORT: '0',
    DATABASE_URL: testDatabaseUrl(tmpDir),
    LEADLOOP_DATA_DIR: tmpDir,
    HUBSPOT_CLIENT_SECRET: TEST_SECRET,
    LOG_LEVEL: 'debug',
    LEADLOOP_WORKER_POLL_MS: '20',
    ...env,
  });
  return Object.assign(Object.create(null) as object, config, { tmpDir }) as AppConfig & { tmpDir: string };
}
