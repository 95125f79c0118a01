import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { ScoringRules } from '../domain/scoring-rules';
import { ConfigError } from './config-error';
import { formatZodIssues } from './format-zod-issues';
import { scoringSchema } from './scoring-schema';

export interface LoadedScoringConfig {
  rules: ScoringRules;
  /** First 12 hex characters of the SHA-256 of the rules: the version stamped on every ledger line. */
  hash: string;
  file: string;
}

/** Validates parsed JSON; every problem names its path, e.g. `fit.rules[3].points: expected number`. */
export function parseScoringConfig(json: unknown, file = 'config'): LoadedScoringConfig {
  const parsed = scoringSchema.safeParse(json);
  if (!parsed.success) throw new ConfigError(file, formatZodIssues(parsed.error));
  const { $schema: _ignored, ...rules } = parsed.data;
  const hash = createHash('sha256').update(JSON.stringify(rules)).digest('hex').slice(0, 12);
  return { rules: Object.freeze(rules) as ScoringRules, hash, file };
}

export function loadScoringConfig(file: string): LoadedScoringConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(file, [`cannot read the file: ${(e as Error).message} (set LEADLOOP_SCORING_CONFIG or pass the path)`]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(file, [`not valid JSON: ${(e as Error).message}`]);
  }
  return parseScoringConfig(json, file);
}

export function scoringJsonSchema(): unknown {
  return { ...(scoringSchema.toJSONSchema({ io: 'input', unrepresentable: 'any' }) as object), title: 'leadloop scoring rules' };
}
