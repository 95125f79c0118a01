import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * With no HubSpot app configured, leadloop still needs a secret to check webhook signatures: generate one
 * once and keep it under the data directory (mode 0600), so `npm start` works on a fresh clone and
 * `leadloop dev send-event` can sign with it.
 */
export function readOrCreateDevClientSecret(dataDir: string): { secret: string; file: string; created: boolean } {
  return readOrCreateSecret(dataDir, 'dev-client-secret');
}

/** A random secret kept in `dataDir/name` (mode 0600): the same on every start of this checkout. */
export function readOrCreateSecret(dataDir: string, name: string, prefix = ''): { secret: string; file: string; created: boolean } {
  const file = path.join(dataDir, name);
  if (fs.existsSync(file)) return { secret: fs.readFileSync(file, 'utf8').trim(), file, created: false };
  fs.mkdirSync(dataDir, { recursive: true });
  const secret = `${prefix}${randomBytes(24).toString('hex')}`;
  fs.writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return { secret, file, created: true };
}
