import { z } from 'zod';
import type { ContactActivity } from '../domain/contact-activity';

const time = z.union([z.number().int().nonnegative(), z.iso.datetime({ offset: true }).transform((s) => Date.parse(s))]);

const activity = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('form_submitted'), at: time, formId: z.string().optional(), formName: z.string().optional(), pageUrl: z.string().optional() }),
  z.object({ kind: z.literal('page_viewed'), at: time, url: z.string().optional() }),
  z.object({ kind: z.literal('email_opened'), at: time, campaign: z.string().optional() }),
  z.object({ kind: z.literal('email_clicked'), at: time, campaign: z.string().optional() }),
  z.object({ kind: z.literal('deal_associated'), at: time, dealId: z.string() }),
  z.object({ kind: z.literal('deal_won'), at: time, dealId: z.string() }),
]);

/** A contact in HubSpot's object shape, `{ id, properties }`, with an optional normalised `events` history. */
export const contactFileSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  properties: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]).transform((v) => (v === null ? null : String(v)))),
  events: z.array(activity).default([]),
});

export type ContactFile = { id: string; properties: Record<string, string | null>; events: ContactActivity[] };
