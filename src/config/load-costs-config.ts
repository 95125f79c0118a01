import fs from 'node:fs';
import { ConfigError } from './config-error';
import { costsSchema, type CostsConfig } from './costs-schema';
import { formatZodIssues } from './format-zod-issues';

/**
 * config/costs.json, validated; null when there is no such file (costs are optional: the report then shows "—").
 * Read at each report, so `leadloop costs import` applies without a restart.
 */
export function loadCostsConfig(file: string): CostsConfig | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new ConfigError(file, [`cannot read the file: ${(e as Error).message} (set LEADLOOP_COSTS_CONFIG or pass the path)`]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(file, [`cannot read the file as JSON: ${(e as Error).message}`]);
  }
  const parsed = costsSchema.safeParse(json);
  if (!parsed.success) throw new ConfigError(file, formatZodIssues(parsed.error));
  return Object.freeze(parsed.data);
}
