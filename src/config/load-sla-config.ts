import fs from 'node:fs';
import { ConfigError } from './config-error';
import { formatZodIssues } from './format-zod-issues';
import { slaSchema, type SlaConfig } from './sla-schema';

/** config/sla.json, validated; every problem names its path (e.g. `calendar.hours.end: expected HH:MM`). */
export function loadSlaConfig(file: string): SlaConfig {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigError(file, [`cannot read the file as JSON: ${(e as Error).message} (set LEADLOOP_SLA_CONFIG or pass the path)`]);
  }
  const parsed = slaSchema.safeParse(json);
  if (!parsed.success) throw new ConfigError(file, formatZodIssues(parsed.error));
  return Object.freeze(parsed.data);
}
