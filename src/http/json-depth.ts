/** HubSpot's deliveries nest 3 levels (array → event → mergedObjectIds); anything far deeper is not HubSpot. */
export const MAX_JSON_DEPTH = 32;

/**
 * The deepest bracket nesting of a JSON text, counted without parsing (brackets inside strings don't count).
 * Stops counting past `limit`: a body nested 10,000 levels deep is refused before JSON.parse or zod recurse
 * into it (a stack overflow there is a 500, and HubSpot retries a 5xx for a day).
 */
export function exceedsJsonDepth(raw: Buffer, limit: number = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i += 1) {
    const c = raw[i];
    if (inString) {
      if (c === 0x5c) i += 1; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth += 1;
      if (depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth -= 1;
  }
  return false;
}
