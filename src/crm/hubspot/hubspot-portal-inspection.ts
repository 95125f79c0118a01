import { Client } from '@hubspot/api-client';
import type { z } from 'zod';
import { formatZodIssues } from '../../config/format-zod-issues';
import { callWithRetries, DEFAULT_RETRY, type RetryOptions } from '../call-with-retries';
import { CrmError } from '../crm-error';
import type { GrantedScopes, PortalInspectionPort, PortalProperty, Probe } from '../portal-inspection-port';
import { createRateLimiter, type RateLimit } from '../rate-limiter';
import { mapHubspotError } from './map-api-error';
import { formsSchema, objectPageSchema, ownersSchema, pipelinesSchema, propertiesSchema, searchTotalSchema, submissionsSchema } from './portal-inspection-schemas';

export interface PortalInspectionOptions {
  baseUrl: string;
  token: () => Promise<string>;
  /** How this token's scopes are read: private-app token info, or OAuth introspection (read-granted-scopes.ts). */
  grantedScopes: () => Promise<GrantedScopes>;
  rateLimit?: RateLimit;
  retry?: RetryOptions;
  /** Submissions pages (50 each) read per form before the count stops and says so. */
  maxSubmissionPages?: number;
}

type Query = Record<string, string | number>;

/** Parses HubSpot's answer; a shape the doctor does not understand names the field. */
export function parseAnswer<S extends z.ZodType>(schema: S, body: unknown, what: string): z.infer<S> {
  const r = schema.safeParse(body);
  if (r.success) return r.data;
  throw new CrmError('CRM.VALIDATION', `${what}: HubSpot's answer is not what leadloop expects (${formatZodIssues(r.error).join('; ')})`, false);
}

/** The doctor's read-only view of one portal, through the same limiter and retries as every CRM call. */
export function createHubspotPortalInspection(o: PortalInspectionOptions): PortalInspectionPort {
  const limiter = createRateLimiter(o.rateLimit ?? { max: 110, windowMs: 10_000 });
  let client: Promise<Client> | null = null;
  const clientOf = () => (client ??= o.token().then((accessToken) => new Client({ accessToken, basePath: o.baseUrl, numberOfApiCallRetries: 0 })));

  async function send<S extends z.ZodType>(schema: S, what: string, req: { method?: string; path: string; qs?: Query; body?: unknown }): Promise<z.infer<S>> {
    const c = await clientOf();
    const body = await callWithRetries(
      limiter,
      async () => {
        let res;
        try {
          res = await c.apiRequest({ method: req.method ?? 'GET', path: req.path, qs: req.qs, ...(req.body === undefined ? {} : { body: req.body }) });
        } catch (e) {
          throw mapHubspotError(e, what);
        }
        const text = await res.text();
        const headers: Record<string, string> = {};
        res.headers.forEach((v, k) => (headers[k] = v));
        if (!res.ok) throw mapHubspotError({ code: res.status, body: text, headers }, what);
        return text ? (JSON.parse(text) as unknown) : {};
      },
      o.retry ?? DEFAULT_RETRY,
    );
    return parseAnswer(schema, body, what);
  }

  /** An endpoint a portal may lack: 403 (scope, plan) and 404 (not there) become a reason, not a failure. */
  async function probe<T>(read: () => Promise<T>): Promise<Probe<T>> {
    try {
      return { available: true, value: await read() };
    } catch (e) {
      if (e instanceof CrmError && (e.details.status === 403 || e.details.status === 404)) return { available: false, reason: `${e.details.status}: ${e.message}` };
      throw e;
    }
  }

  async function allPages<S extends z.ZodType<{ results: unknown[]; paging?: { next?: { after?: string } } }>>(schema: S, what: string, path: string): Promise<z.infer<S>['results']> {
    const out: unknown[] = [];
    let after: string | undefined;
    do {
      const page = await send(schema, what, { path, qs: { limit: 100, ...(after ? { after } : {}) } });
      out.push(...page.results);
      after = page.paging?.next?.after;
    } while (after);
    return out as z.infer<S>['results'];
  }

  return {
    grantedScopes: () => o.grantedScopes(),

    async contactProperties() {
      const { results } = await send(propertiesSchema, 'list contact properties', { path: '/crm/v3/properties/contacts' });
      return results.map((p): PortalProperty => ({
        name: p.name,
        label: p.label,
        type: p.type,
        fieldType: p.fieldType,
        // HubSpot lists options with a displayOrder; the stage order of lifecyclestage is that order.
        options: p.options
          .map((opt, i) => ({ opt, i }))
          .sort((a, b) => (a.opt.displayOrder ?? a.i) - (b.opt.displayOrder ?? b.i) || a.i - b.i)
          .map(({ opt }) => ({ label: opt.label, value: opt.value, hidden: opt.hidden ?? false })),
        readOnlyValue: p.modificationMetadata?.readOnlyValue ?? false,
      }));
    },

    async forms() {
      return (await allPages(formsSchema, 'list forms', '/marketing/v3/forms')).map((f) => ({ id: f.id, name: f.name }));
    },

    // Newest first: page only until a submission is older than `since`.
    async countSubmissionsSince(formId, since) {
      let count = 0;
      let after: string | undefined;
      for (let pages = 0; pages < (o.maxSubmissionPages ?? 20); pages += 1) {
        const page = await send(submissionsSchema, 'list form submissions', { path: `/form-integrations/v1/submissions/forms/${encodeURIComponent(formId)}`, qs: { limit: 50, ...(after ? { after } : {}) } });
        const recent = page.results.filter((s) => s.submittedAt >= since).length;
        count += recent;
        after = page.paging?.next?.after;
        if (recent < page.results.length || !after) return { count, complete: true };
      }
      return { count, complete: false };
    },

    dealPipelines: () =>
      probe(async () =>
        (await send(pipelinesSchema, 'list deal pipelines', { path: '/crm/v3/pipelines/deals' })).results.map((p) => ({
          id: p.id,
          label: p.label,
          stages: p.stages.map((s) => {
            const probability = s.metadata.probability === undefined ? null : Number(s.metadata.probability);
            return { id: s.id, label: s.label, isClosed: String(s.metadata.isClosed) === 'true', probability: Number.isFinite(probability) ? probability : null };
          }),
        })),
      ),

    async owners() {
      return (await allPages(ownersSchema, 'list owners', '/crm/v3/owners')).map((r) => ({ id: r.id, email: r.email ?? '', archived: r.archived }));
    },

    leadsInUse: () => probe(async () => (await send(objectPageSchema, 'read leads', { path: '/crm/v3/objects/leads', qs: { limit: 1 } })).results.length > 0),

    async contactCount() {
      return (await send(searchTotalSchema, 'count contacts', { method: 'POST', path: '/crm/v3/objects/contacts/search', body: { filterGroups: [], limit: 1, properties: ['hs_object_id'] } })).total;
    },
  };
}
