/** The employees (or any count) a value stands for, as an inclusive span: `100-500` → 100…500, `1000+` → 1000…∞. */
export interface Span {
  low: number;
  high: number;
}

const NUMBER = String.raw`\d+(?:\.\d+)?`;
const BETWEEN = new RegExp(`^(${NUMBER})[-–—](${NUMBER})$`);
const AT_LEAST = new RegExp(`^(${NUMBER})\\+$`);
const EXACT = new RegExp(`^${NUMBER}$`);

/**
 * Reads a size bucket as HubSpot's contact `numemployees` options write them (`1-5` … `500-1000`, `1000+`), or
 * a plain number as a bucket of one (a custom number property, free text "450"). Thousands separators and spaces
 * are ignored; anything else is not a size. https://knowledge.hubspot.com/properties/hubspots-default-contact-properties
 */
export function parseSizeBucket(value: string): Span | undefined {
  const v = value.replace(/[,\s_]/g, '');
  const between = BETWEEN.exec(v);
  if (between) {
    const [low, high] = [Number(between[1]), Number(between[2])];
    return low <= high ? { low, high } : undefined;
  }
  const atLeast = AT_LEAST.exec(v);
  if (atLeast) return { low: Number(atLeast[1]), high: Infinity };
  return EXACT.test(v) ? { low: Number(v), high: Number(v) } : undefined;
}
