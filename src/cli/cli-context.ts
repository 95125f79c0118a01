import { ConfigError } from '../config/config-error';
import { loadConfig, type AppConfig } from '../config/load-config';
import { readEnvFile } from '../config/read-env-file';
import { createStore } from '../store/create-store';
import type { Store } from '../store/store-port';

/** A command's failure that names what to fix; printed without a stack trace, exit code 2. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

export function cliConfig(): AppConfig {
  readEnvFile();
  try {
    return loadConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) throw new CliError(e.message);
    throw e;
  }
}

export async function withStore<T>(fn: (store: Store, config: AppConfig) => Promise<T>): Promise<T> {
  const config = cliConfig();
  const store = await createStore(config.databaseUrl, { poolMax: config.env.DATABASE_POOL_MAX, preparedStatements: config.env.DATABASE_PREPARED_STATEMENTS });
  try {
    return await fn(store, config);
  } finally {
    await store.close();
  }
}

export function print(line = ''): void {
  process.stdout.write(`${line}\n`);
}
