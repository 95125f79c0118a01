import fs from 'node:fs';

/** Adds `.env` to the environment; variables already set win, as with `node --env-file`. */
export function readEnvFile(file = '.env'): boolean {
  if (!fs.existsSync(file)) return false;
  process.loadEnvFile(file);
  return true;
}
