import { z } from 'zod';
import type { ScoringRules } from '../domain/scoring-rules';

const id = z.string().regex(/^[a-z0-9][a-z0-9:_-]*$/, 'use lower-case letters, digits, "-", "_" or ":"').describe('Stable id: it names the rule in every ledger line');
const description = z.string().min(1).describe('What the rule means, as a salesperson reads it in the note');
const points = z.number().finite().min(-1000).max(1000).describe('Points, positive or negative');

const propertyMatch = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('equals'), value: z.string(), caseSensitive: z.boolean().optional() }),
    z.strictObject({ kind: z.literal('oneOf'), values: z.array(z.string()).min(1), caseSensitive: z.boolean().optional() }),
    z.strictObject({ kind: z.literal('contains'), value: z.string().min(1), caseSensitive: z.boolean().optional() }),
    z.strictObject({
      kind: z.literal('matches'),
      pattern: z.string().min(1).refine((p) => {
        try {
          new RegExp(p);
          return true;
        } catch {
          return false;
        }
      }, 'not a valid regular expression'),
      flags: z.string().regex(/^[imsu]*$/, 'allowed flags: i, m, s, u').optional(),
    }),
    z
      .strictObject({ kind: z.literal('range'), min: z.number().optional(), max: z.number().optional() })
      .refine((r) => r.min !== undefined || r.max !== undefined, 'give min, max or both')
      .refine((r) => r.min === undefined || r.max === undefined || r.min <= r.max, 'min must not exceed max'),
    z
      .strictObject({
        kind: z.literal('bucket'),
        min: z.number().optional().describe('Lowest count a bucket may start at (e.g. 100 takes `100-500`, `1000+`)'),
        max: z.number().optional().describe('Highest count a bucket may reach (`1000+` reaches no maximum)'),
      })
      .refine((r) => r.min !== undefined || r.max !== undefined, 'give min, max or both')
      .refine((r) => r.min === undefined || r.max === undefined || r.min <= r.max, 'min must not exceed max'),
    z.strictObject({
      kind: z.literal('keywords'),
      values: z.array(z.string().trim().min(1)).min(1).describe('Words or phrases; any one matches, case- and accent-insensitive'),
      wholeWord: z.boolean().optional().describe('false: a keyword may be part of a longer word (default true)'),
    }),
    z.strictObject({ kind: z.literal('known') }),
    z.strictObject({ kind: z.literal('unknown') }),
  ])
  .describe('How the property value is tested');

const eventMatch = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('form_submitted'),
    form: z
      .strictObject({ id: z.string().min(1).optional(), name: z.string().min(1).optional() })
      .refine((f) => f.id !== undefined || f.name !== undefined, 'give the form id, its name, or omit "form" for any form')
      .optional(),
  }),
  z.strictObject({ kind: z.literal('page_views'), minCount: z.number().int().min(1), urlContains: z.string().min(1).optional() }),
  z.strictObject({ kind: z.literal('email_opened') }),
  z.strictObject({ kind: z.literal('email_clicked') }),
]);

const tactic = z.strictObject({
  name: z.string().min(1),
  description: z.string().min(1).describe('What happens next, for the note'),
  actions: z.array(
    z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('set_stage'), stage: z.literal('marketingqualifiedlead') }),
      z.strictObject({ kind: z.literal('note') }),
      z.strictObject({ kind: z.literal('task'), subject: z.string().min(1) }),
      z.strictObject({ kind: z.literal('set_property'), property: z.string().min(1), value: z.string() }),
      z.strictObject({ kind: z.literal('record') }),
    ]),
  ),
});

const grade = z.enum(['A', 'B', 'C', 'D']);
const customProperty = z
  .strictObject({
    name: z.string().regex(/^[a-z0-9_]+$/, 'a property\'s internal name: lower-case letters, digits, "_"'),
    type: z.enum(['string', 'number', 'enumeration', 'datetime', 'date', 'bool', 'phone_number']),
  })
  .describe('A property this portal added, so that `leadloop config check` does not warn about rules on it');
const statusRule = z.strictObject({ property: z.string().min(1), values: z.array(z.string().min(1)).min(1) });
// Sales acceptance from hs_lead_status, Sales Hub's Leads object, or whichever the contact has (config/README.md).
const salesAcceptedRule = statusRule
  .extend({ source: z.enum(['leadStatus', 'leadsObject', 'auto']).optional(), leadStages: z.array(z.string().min(1)).min(1).optional() })
  .refine((r) => (r.source ?? 'leadStatus') === 'leadStatus' || r.leadStages !== undefined, { message: 'source "leadsObject" or "auto" needs leadStages (the lead pipeline stage ids that mean sales accepted)', path: ['leadStages'] });
const stageId = z.string().regex(/^\d+$/, 'a custom lifecycle stage id (digits, as HubSpot gives custom stages)');

export const scoringSchema = z
  .strictObject({
    $schema: z.string().optional(),
    customProperties: z.array(customProperty).optional(),
    fit: z.strictObject({
      rules: z.array(z.strictObject({ id, description, property: z.string().min(1), match: propertyMatch, points })),
      grades: z
        .strictObject({ A: z.number(), B: z.number(), C: z.number() })
        .refine((g) => g.A > g.B && g.B > g.C, 'thresholds must fall: A > B > C'),
      targetGrades: z.array(grade).min(1),
    }),
    engagement: z.strictObject({
      halfLifeDays: z.number().positive().max(3650),
      rules: z.array(z.strictObject({ id, description, event: eventMatch, points, group: z.string().min(1).optional() })),
      groupCaps: z.record(z.string(), z.number().positive()),
    }),
    mqlThreshold: z.number().finite(),
    readyToBuy: z.strictObject({
      signals: z.array(z.strictObject({ id, description, event: eventMatch, withinDays: z.number().positive() })),
      engagementThreshold: z.number().positive().optional(),
    }),
    matrix: z.strictObject({ readyTarget: tactic, readyNotTarget: tactic, notReadyTarget: tactic, notReadyNotTarget: tactic }),
    lifecycle: z.strictObject({
      salesAccepted: salesAcceptedRule,
      // The values are sales' rejection reasons in the report; on a Leads portal, leadStages are the disqualified stages.
      disqualified: statusRule.extend({ leadStages: z.array(z.string().min(1)).min(1).optional() }),
      promoter: z.strictObject({ property: z.string().min(1), min: z.number() }).optional(),
      advanceFromStages: z.array(stageId).optional(),
    }),
  })
  .superRefine((cfg, ctx) => {
    const seen = new Map<string, string>();
    const check = (ruleId: string, path: (string | number)[]) => {
      const first = seen.get(ruleId);
      if (first) ctx.addIssue({ code: 'custom', path: [...path, 'id'], message: `duplicate rule id "${ruleId}" (first used at ${first})` });
      else seen.set(ruleId, path.join('.'));
    };
    cfg.fit.rules.forEach((r, i) => check(r.id, ['fit', 'rules', i]));
    cfg.engagement.rules.forEach((r, i) => check(r.id, ['engagement', 'rules', i]));
    const groups = new Set(cfg.engagement.rules.map((r) => r.group).filter(Boolean));
    for (const g of Object.keys(cfg.engagement.groupCaps)) {
      if (!groups.has(g)) ctx.addIssue({ code: 'custom', path: ['engagement', 'groupCaps', g], message: `no engagement rule is in group "${g}"` });
    }
  });

// Compile-time check: what the schema accepts is what the domain expects.
type Parsed = z.infer<typeof scoringSchema>;
export const _schemaMatchesDomain: (p: Parsed) => ScoringRules = (p) => p;
