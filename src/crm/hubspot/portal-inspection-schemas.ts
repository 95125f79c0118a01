import { z } from 'zod';

/**
 * HubSpot's answers as the doctor reads them: only the fields it uses, the rest passed through. A real portal that
 * answers differently fails here, naming the field, instead of being misread.
 */
const paging = z.object({ next: z.object({ after: z.string() }).partial().optional() }).partial().optional();

/** `GET /crm/v3/properties/contacts` (https://developers.hubspot.com/docs/api-reference/crm-properties-v3/guide). */
export const propertiesSchema = z.object({
  results: z.array(
    z.object({
      name: z.string(),
      label: z.string().default(''),
      type: z.string(),
      fieldType: z.string(),
      options: z.array(z.object({ label: z.string(), value: z.string(), displayOrder: z.number().optional(), hidden: z.boolean().optional() })).default([]),
      modificationMetadata: z.object({ readOnlyValue: z.boolean().optional() }).partial().optional(),
    }),
  ),
});

/** `GET /marketing/v3/forms` (https://developers.hubspot.com/docs/api-reference/marketing-forms-v3/guide). */
export const formsSchema = z.object({ results: z.array(z.object({ id: z.string(), name: z.string() })).default([]), paging });

/**
 * `GET /form-integrations/v1/submissions/forms/{guid}`, newest first
 * (https://developers.hubspot.com/docs/api-reference/legacy/forms-v1/submissions/get-form-integrations-v1-submissions-forms-form_guid).
 */
export const submissionsSchema = z.object({ results: z.array(z.object({ submittedAt: z.number() })).default([]), paging });

/** `GET /crm/v3/pipelines/deals` (https://developers.hubspot.com/docs/api-reference/crm-pipelines-v3/guide). */
export const pipelinesSchema = z.object({
  results: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      stages: z.array(
        z.object({
          id: z.string(),
          label: z.string(),
          metadata: z.object({ isClosed: z.union([z.boolean(), z.string()]).optional(), probability: z.union([z.string(), z.number()]).optional() }).partial().default({}),
        }),
      ),
    }),
  ),
});

/** `GET /crm/v3/owners` (https://developers.hubspot.com/docs/api-reference/crm-owners-v3/guide). */
export const ownersSchema = z.object({
  results: z.array(z.object({ id: z.string(), email: z.string().nullish(), archived: z.boolean().default(false) })),
  paging,
});

/** `POST /crm/v3/objects/contacts/search` (https://developers.hubspot.com/docs/api-reference/latest/crm/search-the-crm). */
export const searchTotalSchema = z.object({ total: z.number().int().min(0) });

/** `GET /crm/v3/objects/leads?limit=1` (https://developers.hubspot.com/docs/api-reference/crm-leads-v3/guide). */
export const objectPageSchema = z.object({ results: z.array(z.unknown()) });

/** `POST /oauth/v2/private-apps/get/access-token-info` (https://developers.hubspot.com/docs/api/private-apps). */
export const privateTokenInfoSchema = z.object({ scopes: z.array(z.string()), hubId: z.number().int() });

/** `POST /oauth/2026-03/token/introspect` (https://developers.hubspot.com/docs/api-reference/latest/authentication/manage-oauth-tokens). */
export const introspectionSchema = z.object({ active: z.boolean(), scopes: z.array(z.string()).optional(), hub_id: z.number().int().optional() });
