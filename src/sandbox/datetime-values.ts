import { validation } from './hubspot-error';
import type { ObjectKind } from './sandbox-portal';

/** Datetime properties of objects whose catalog the sandbox does not hold (engagements' timeline time, deal dates). */
const FIXED_DATETIMES: Partial<Record<ObjectKind, readonly string[]>> = {
  deals: ['closedate', 'createdate'],
  notes: ['hs_timestamp'],
  tasks: ['hs_timestamp'],
  calls: ['hs_timestamp'],
  emails: ['hs_timestamp'],
  meetings: ['hs_timestamp'],
};

export const isFixedDatetime = (kind: ObjectKind, name: string) => FIXED_DATETIMES[kind]?.includes(name) ?? false;

const ISO_8601 = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * HubSpot stores a datetime as an instant (UTC) and reads it back as ISO 8601 whatever form it was written in:
 * epoch milliseconds and ISO strings are both accepted on write, anything else is refused with the whole input.
 * https://developers.hubspot.com/docs/faq/how-should-timestamps-be-formatted-for-hubspots-apis (ms accepted, ISO in
 * answers); ISO on write as the form-submissions changelog states it for datetimes. The refusal's code and wording
 * (INVALID_LONG, "… was not a valid long.") are HubSpot's answer for a non-number as remembered, not verified.
 */
export function normaliseDatetimes(values: Record<string, string | null>, isDatetime: (name: string) => boolean): Record<string, string | null> {
  const out: Record<string, string | null> = { ...values };
  const bad: string[] = [];
  for (const [name, v] of Object.entries(values)) {
    if (v === null || v === '' || !isDatetime(name)) continue;
    const ms = /^-?\d+$/.test(v) ? Number(v) : ISO_8601.test(v) ? Date.parse(v) : NaN;
    if (Number.isFinite(ms) && Math.abs(ms) <= 8.64e15) out[name] = new Date(ms).toISOString();
    else bad.push(name);
  }
  if (bad.length > 0) {
    throw validation('Property values were not valid', {
      errors: bad.map((name) => ({ message: `${String(values[name])} was not a valid long.`, code: 'INVALID_LONG', context: { propertyName: [name] } })),
    });
  }
  return out;
}
