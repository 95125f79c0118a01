/** Keys whose values are secrets wherever they appear in a log entry. */
const SECRET_KEY = /secret|token|signature|authorization|password|passwd|api[-_]?key|encryption[-_]?key|cookie/i;
/** What is said about a secret, not the secret: which signature version, when a token expires. */
const SECRET_METADATA_KEY = /(version|expires(at|in)?|type)$/i;
export const REDACTED = '[redacted]';

/**
 * Deep-copies a log entry with secret-looking keys masked and any known secret value scrubbed from strings,
 * so a secret that leaks into an error message or a URL is still not written.
 */
export function redact(value: unknown, secretValues: readonly string[], depth = 0): unknown {
  if (typeof value === 'string') return scrub(value, secretValues);
  if (value === null || typeof value !== 'object' || depth > 8) return value;
  if (value instanceof Error) {
    return { name: value.name, message: scrub(value.message, secretValues), code: (value as { code?: unknown }).code };
  }
  if (Array.isArray(value)) return value.map((v) => redact(v, secretValues, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const secret = SECRET_KEY.test(key) && !SECRET_METADATA_KEY.test(key);
    out[key] = secret && v !== undefined && v !== null ? REDACTED : redact(v, secretValues, depth + 1);
  }
  return out;
}

function scrub(text: string, secretValues: readonly string[]): string {
  let out = text;
  for (const secret of secretValues) if (secret && out.includes(secret)) out = out.split(secret).join(REDACTED);
  // Bearer tokens in free text (e.g. an echoed header) are never useful in a log.
  return out.replace(/Bearer\s+[A-Za-z0-9._~+/=-]{8,}/g, `Bearer ${REDACTED}`);
}
