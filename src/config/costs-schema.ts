import { z } from 'zod';

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected YYYY-MM, e.g. 2026-11');
const name = z.string().trim().min(1);

/** One month's spend on one source (`hs_analytics_source`, e.g. PAID_SEARCH) or one campaign: exactly one of the two. */
export const costEntrySchema = z
  .strictObject({
    month,
    source: name.optional(),
    campaign: name.optional(),
    amount: z.number().finite().nonnegative(),
    note: z.string().optional(),
  })
  .refine((e) => (e.source === undefined) !== (e.campaign === undefined), { message: 'give either source or campaign (one of them)', path: ['source'] });

/** config/costs.json: what marketing spent, per source or campaign and month, in the portal's company currency. */
export const costsSchema = z
  .strictObject({
    $schema: z.string().optional(),
    /** ISO 4217 code of the amounts: the portal's company currency (deal amounts are read in it). */
    currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as USD or EUR').optional(),
    costs: z.array(costEntrySchema),
  })
  .superRefine((c, ctx) => {
    const seen = new Map<string, number>();
    c.costs.forEach((e, i) => {
      const key = `${e.month} ${e.source !== undefined ? `source ${e.source}` : `campaign ${e.campaign}`}`;
      const first = seen.get(key);
      if (first !== undefined) ctx.addIssue({ code: 'custom', path: ['costs', i], message: `${key} is already given at costs[${first}]` });
      else seen.set(key, i);
    });
  });
export type CostsConfig = z.infer<typeof costsSchema>;

/** The JSON Schema next to config/costs.json (editors autocomplete with it; a test keeps it in step). */
export const costsJsonSchema = () => ({ ...(costsSchema.toJSONSchema({ io: 'input', unrepresentable: 'any' }) as object), title: 'leadloop marketing costs' });
