import { z } from 'zod';

const day = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);
const positive = z.coerce.number().positive();
const rate = z.coerce.number().gt(0).lte(1);

/** `GET /api/report` and `leadloop report`: the period (default: this calendar month, UTC) and the calculator's inputs. */
export const reportQuerySchema = z
  .object({
    from: day.optional(),
    to: day.optional(),
    month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected YYYY-MM').optional(),
    portal: z.coerce.number().int().positive().optional(),
    revenue: positive.optional(),
    dealValue: positive.optional(),
    leadToOpp: rate.optional(),
    oppToCustomer: rate.optional(),
    /** How won deals are credited to origins (default: LEADLOOP_ATTRIBUTION_MODEL). */
    attribution: z.enum(['firstTouch', 'lastTouchBeforeMql', 'linear'], { message: 'expected firstTouch, lastTouchBeforeMql or linear' }).optional(),
  })
  .refine((q) => !(q.month && (q.from || q.to)), { message: 'give either month or from/to', path: ['month'] });
export type ReportQuery = z.infer<typeof reportQuerySchema>;

/** The period a query names, as [from, to) in ms. */
export function periodOf(q: ReportQuery, now: number): { from: number; to: number } {
  if (q.month) {
    const [y, m] = q.month.split('-').map(Number) as [number, number];
    return { from: Date.UTC(y, m - 1, 1), to: Date.UTC(y, m, 1) };
  }
  const d = new Date(now);
  const monthStart = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  const from = q.from ? Date.parse(q.from) : monthStart;
  const to = q.to ? Date.parse(q.to) + (q.to.length === 10 ? 86_400_000 : 0) : Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  if (!(to > from)) throw new RangeError('to must be after from');
  return { from, to };
}
