import { readOrCreateSecret } from './dev-client-secret';
import type { AppConfig } from './load-config';

export interface AdminToken {
  token: string;
  /** Where it came from: an operator's variable, or the file leadloop generated (named so it can be shown). */
  source: 'LEADLOOP_ADMIN_TOKEN' | 'LEADLOOP_DASHBOARD_TOKEN' | 'file';
  file?: string;
  created: boolean;
}

/**
 * The token that opens the report, the dashboard and /metrics: LEADLOOP_ADMIN_TOKEN, else its former name
 * LEADLOOP_DASHBOARD_TOKEN, else one generated once into the data directory (mode 0600) as Jupyter does. There is
 * always one: no request reads portal data without credentials, whatever its source address.
 */
export function resolveAdminToken(config: AppConfig): AdminToken {
  const e = config.env;
  if (e.LEADLOOP_ADMIN_TOKEN) return { token: e.LEADLOOP_ADMIN_TOKEN, source: 'LEADLOOP_ADMIN_TOKEN', created: false };
  if (e.LEADLOOP_DASHBOARD_TOKEN) return { token: e.LEADLOOP_DASHBOARD_TOKEN, source: 'LEADLOOP_DASHBOARD_TOKEN', created: false };
  const { secret, file, created } = readOrCreateSecret(config.dataDir, 'admin-token', 'lla_');
  return { token: secret, source: 'file', file, created };
}
