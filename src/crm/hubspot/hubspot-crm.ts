import { z } from 'zod';
import { Client } from '@hubspot/api-client';
import { AssociationSpecAssociationCategoryEnum } from '@hubspot/api-client/lib/codegen/crm/objects/notes/models/AssociationSpec';
import { callWithRetries, DEFAULT_RETRY, type RetryOptions } from '../call-with-retries';
import type { CrmPort, FormSubmission, NewNote, NewTask, Owner, PropertyDefinition } from '../crm-port';
import { CrmError } from '../crm-error';
import type { CrmCallMetrics } from '../crm-metrics';
import { perPortalLimiters, type RateLimit, type RateLimiter, type RatePriority } from '../rate-limiter';
import type { ObjectSearchPort } from '../object-search-port';
import { batchFailures, type BatchErrorLike } from './batch-failures';
import { hubspotDealReads } from './hubspot-deals';
import { hubspotDealBatches } from './hubspot-deal-batches';
import type { ContactDealsPort } from '../contact-deals-port';
import { hubspotSearch } from './hubspot-search';
import { mapHubspotError } from './map-api-error';
import { stageAndLeadReads } from './read-stages-and-leads';

/** HubSpot's association type ids (SDK enum AssociationTypes): note → contact, task → contact. */
const NOTE_TO_CONTACT = 202;
const TASK_TO_CONTACT = 204;

export type TokenFor = (portalId: number) => Promise<string>;

export interface HubspotCrmOptions {
  baseUrl: string;
  tokenFor: TokenFor;
  /** Per-portal limit; HubSpot: 110 requests / 10 s per installing account for OAuth apps. */
  rateLimit?: RateLimit;
  retry?: RetryOptions;
  /** Counts every HTTP call made (benchmarks, metrics). */
  onCall?: (portalId: number, what: string) => void;
  /** Every call by endpoint and status, and the limiters' waits and 429 pauses (`/metrics`). */
  metrics?: CrmCallMetrics;
  /** The portals' limiters, shared with another client of the same portals (a backfill beside live work). */
  limiters?: (portalId: number) => RateLimiter;
  /** The portals' search limiters, shared likewise: HubSpot's search limit is per account, whoever searches. */
  searchLimiters?: (portalId: number) => RateLimiter;
  /** Whose turn this client's calls take in the shared limiters: `background` yields to `live` (rate-limiter.ts). */
  priority?: RatePriority;
}

/** HubSpot's CRM search has its own limit, 5 requests per second per account, outside the 10-second budget (facts §6). */
export const SEARCH_LIMIT: RateLimit = { max: 5, windowMs: 1_000 };

const toAssociation = (contactId: string, typeId: number) => [
  { to: { id: contactId }, types: [{ associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined, associationTypeId: typeId }] },
];

/** The CRM port over @hubspot/api-client — the only module that imports it. */
// What leadloop reads of the account details; a host name only (it becomes part of a link on the card).
const accountDetailsSchema = z.object({ uiDomain: z.string().regex(/^[a-z0-9.-]+(:\d+)?$/i, 'a host name') });

export function createHubspotCrm(o: HubspotCrmOptions): CrmPort & ObjectSearchPort & ContactDealsPort {
  const limiterFor = o.limiters ?? perPortalLimiters(o.rateLimit ?? { max: 110, windowMs: 10_000 }, o.metrics);
  const searchLimiterFor = o.searchLimiters ?? perPortalLimiters(SEARCH_LIMIT, o.metrics);
  const priority = o.priority ?? 'live';
  const clients = new Map<string, Client>();

  // One client per token; the SDK's own retries and limiter stay off: ours are per portal.
  const clientFor = async (portalId: number): Promise<Client> => {
    const token = await o.tokenFor(portalId);
    let client = clients.get(token);
    if (!client) clients.set(token, (client = new Client({ accessToken: token, basePath: o.baseUrl, numberOfApiCallRetries: 0 })));
    return client;
  };

  /** `endpoint`: the call's method and path template, for the metrics (never an id). */
  async function call<T>(portalId: number, what: string, endpoint: string, fn: (client: Client) => Promise<T>, limiter: RateLimiter = limiterFor(portalId)): Promise<T> {
    const client = await clientFor(portalId);
    return callWithRetries(
      { acquire: () => limiter.acquire(priority), pause: (ms) => limiter.pause(ms) },
      async () => {
        o.onCall?.(portalId, what);
        try {
          const result = await fn(client);
          o.metrics?.request(endpoint, '2xx');
          return result;
        } catch (e) {
          const error = mapHubspotError(e, what);
          o.metrics?.request(endpoint, error.details.status === undefined ? 'network_error' : String(error.details.status));
          throw error;
        }
      },
      o.retry ?? DEFAULT_RETRY,
    );
  }

  /** The generic request of the SDK, for endpoints it lacks; errors mapped like the typed ones. */
  async function request<T>(portalId: number, what: string, endpoint: string, opts: { method?: string; path: string; qs?: Record<string, string | number>; body?: unknown; limiter?: RateLimiter }): Promise<T> {
    return call(portalId, what, endpoint, async (client) => {
      const res = await client.apiRequest({ method: opts.method ?? 'GET', path: opts.path, qs: opts.qs, ...(opts.body === undefined ? {} : { body: opts.body }) });
      const text = await res.text();
      const headers: Record<string, string> = {};
      res.headers.forEach((v, k) => (headers[k] = v));
      if (!res.ok) throw Object.assign(new Error(text), { code: res.status, body: text, headers });
      return (text ? JSON.parse(text) : {}) as T;
    }, opts.limiter);
  }

  type Created = { results: Array<{ id: string; objectWriteTraceId?: string; properties: Record<string, string | null> }>; errors?: BatchErrorLike[] };

  /** Each input is traced by its index (`objectWriteTraceId`), so a 207's errors say which ones HubSpot refused. */
  async function createWithMarkers<I extends { contactId: string; marker: string }>(
    portalId: number,
    what: string,
    endpoint: string,
    items: readonly I[],
    create: (client: Client, traceIds: readonly string[]) => Promise<Created>,
    bodyProperty: string,
  ): Promise<Array<string | CrmError>> {
    if (items.length === 0) return [];
    const traceIds = items.map((_, i) => String(i));
    const { results, errors } = await call(portalId, what, endpoint, (c) => create(c, traceIds));
    // HubSpot does not promise the order of batch results: match each back by its marker.
    const hits = items.map((item) => results.find((r) => (r.properties[bodyProperty] ?? '').includes(item.marker)));
    const failed = batchFailures(what, traceIds, new Set(traceIds.filter((_, i) => hits[i])), errors);
    return items.map((item, i) => {
      const refused = failed.get(traceIds[i]!);
      if (refused) return refused;
      return hits[i]?.id ?? new CrmError('CRM.VALIDATION', `${what}: HubSpot's answer lacks the object for contact ${item.contactId}`, false);
    });
  }

  /** An engagement on the contact whose body contains `marker` (how a note or task is found again after a crash). */
  async function findWithMarker(portalId: number, contactId: string, marker: string, kind: 'notes' | 'tasks', bodyProperty: string): Promise<string | null> {
    const page = await call(portalId, `read ${kind === 'notes' ? 'note' : 'task'} associations`, `GET /crm/v4/objects/contacts/{contactId}/associations/${kind}`, (c) => c.crm.associations.v4.basicApi.getPage('contacts', contactId, kind, undefined, 500));
    const ids = page.results.map((r) => String(r.toObjectId));
    for (let i = 0; i < ids.length; i += 100) {
      const chunk = ids.slice(i, i + 100);
      const read = await call(portalId, `read ${kind}`, `POST /crm/v3/objects/${kind}/batch/read`, (c) => c.crm.objects[kind].batchApi.read({ inputs: chunk.map((id) => ({ id })), properties: [bodyProperty], propertiesWithHistory: [] }, false));
      const hit = read.results.find((n) => (n.properties[bodyProperty] ?? '').includes(marker));
      if (hit) return hit.id;
    }
    return null;
  }

  return {
    ...hubspotDealReads(call),
    ...hubspotDealBatches(call),
    // Every search (reconciliation's and the backfill's) counts against HubSpot's search limit, apart from the rest.
    ...hubspotSearch((portalId, what, endpoint, fn) => call(portalId, what, endpoint, fn, searchLimiterFor(portalId))),
    ...stageAndLeadReads(call),

    async readContacts(portalId, ids, properties) {
      if (ids.length === 0) return [];
      const res = await call(portalId, 'read contacts', 'POST /crm/v3/objects/contacts/batch/read', (c) =>
        c.crm.contacts.batchApi.read({ inputs: ids.map((id) => ({ id })), properties: [...properties], propertiesWithHistory: [] }, false),
      );
      return res.results.map((r) => ({ id: r.id, properties: { ...r.properties } }));
    },

    async updateContacts(portalId, updates) {
      if (updates.length === 0) return new Map();
      // Traced by contact id: a 207's errors name the refused inputs (the others are applied).
      const res = await call(portalId, 'update contacts', 'POST /crm/v3/objects/contacts/batch/update', (c) =>
        c.crm.contacts.batchApi.update({ inputs: updates.map((u) => ({ id: u.id, objectWriteTraceId: u.id, properties: u.properties })) }),
      );
      const returned = new Set(res.results.map((r) => r.objectWriteTraceId ?? r.id));
      return batchFailures('update contacts', updates.map((u) => u.id), returned, (res as { errors?: BatchErrorLike[] }).errors);
    },

    async createNotes(portalId, notes: readonly NewNote[]) {
      const items = notes;
      return createWithMarkers(portalId, 'create notes', 'POST /crm/v3/objects/notes/batch/create', items, (c, traceIds) =>
        c.crm.objects.notes.batchApi.create({
          inputs: notes.map((n, i) => ({ objectWriteTraceId: traceIds[i], properties: { hs_timestamp: new Date(n.timestamp).toISOString(), hs_note_body: n.body }, associations: toAssociation(n.contactId, NOTE_TO_CONTACT) })),
        }) as never,
      'hs_note_body');
    },

    async createTasks(portalId, tasks: readonly NewTask[]) {
      const items = tasks;
      return createWithMarkers(portalId, 'create tasks', 'POST /crm/v3/objects/tasks/batch/create', items, (c, traceIds) =>
        c.crm.objects.tasks.batchApi.create({
          inputs: tasks.map((t, i) => ({
            objectWriteTraceId: traceIds[i],
            properties: {
              hs_timestamp: new Date(t.dueAt).toISOString(),
              hs_task_subject: t.subject,
              hs_task_body: t.body,
              hs_task_status: 'NOT_STARTED',
              hs_task_priority: t.priority,
              hs_task_type: 'TODO',
              hs_task_reminders: String(t.reminderAt),
              hubspot_owner_id: t.ownerId,
            },
            associations: toAssociation(t.contactId, TASK_TO_CONTACT),
          })),
        }) as never,
      'hs_task_body');
    },

    findNoteWithMarker: (portalId, contactId, marker) => findWithMarker(portalId, contactId, marker, 'notes', 'hs_note_body'),
    findTaskWithMarker: (portalId, contactId, marker) => findWithMarker(portalId, contactId, marker, 'tasks', 'hs_task_body'),

    async uiDomain(portalId) {
      // https://developers.hubspot.com/docs/api/settings/account-information-api: EU-hosted accounts answer app-eu1.hubspot.com.
      const details = accountDetailsSchema.parse(await request<unknown>(portalId, 'read account details', 'GET /account-info/v3/details', { path: '/account-info/v3/details' }));
      return details.uiDomain;
    },

    async listOwners(portalId) {
      const owners: Owner[] = [];
      let after: string | undefined;
      do {
        const page = await call(portalId, 'list owners', 'GET /crm/v3/owners', (c) => c.crm.owners.ownersApi.getPage(undefined, after, 100, false));
        for (const r of page.results) owners.push({ id: r.id, email: r.email ?? '', firstName: r.firstName ?? '', lastName: r.lastName ?? '', archived: r.archived });
        after = page.paging?.next?.after;
      } while (after);
      return owners;
    },

    async listContactProperties(portalId) {
      const res = await call(portalId, 'list contact properties', 'GET /crm/v3/properties/contacts', (c) => c.crm.properties.coreApi.getAll('contacts', false));
      return new Map(res.results.map((p) => [p.name, { options: (p.options ?? []).map((o) => o.value) }]));
    },

    async updateContactPropertyOptions(portalId, name, options) {
      await call(portalId, `update property ${name}`, 'PATCH /crm/v3/properties/contacts/{propertyName}', (c) => c.crm.properties.coreApi.update('contacts', name, { options: options.map((o, i) => ({ ...o, displayOrder: i, hidden: false })) }));
    },

    async hasPropertyGroup(portalId, name) {
      try {
        await call(portalId, 'read property group', 'GET /crm/v3/properties/contacts/groups/{groupName}', (c) => c.crm.properties.groupsApi.getByName('contacts', name));
        return true;
      } catch (e) {
        if (e instanceof CrmError && e.code === 'CRM.NOT_FOUND') return false;
        throw e;
      }
    },

    async createPropertyGroup(portalId, group) {
      await call(portalId, 'create property group', 'POST /crm/v3/properties/contacts/groups', (c) => c.crm.properties.groupsApi.create('contacts', { name: group.name, label: group.label, displayOrder: -1 }));
    },

    async createContactProperties(portalId, groupName, properties: readonly PropertyDefinition[]) {
      if (properties.length === 0) return;
      await call(portalId, 'create contact properties', 'POST /crm/v3/properties/contacts/batch/create', (c) =>
        c.crm.properties.batchApi.create('contacts', {
          inputs: properties.map((p) => ({ ...p, groupName, options: p.options?.map((opt, i) => ({ ...opt, displayOrder: i, hidden: false })) })) as never,
        }),
      );
    },

    async listForms(portalId) {
      const forms: Array<{ id: string; name: string }> = [];
      let after: string | undefined;
      do {
        const page = await request<{ results?: Array<{ id: string; name: string }>; paging?: { next?: { after?: string } } }>(portalId, 'list forms', 'GET /marketing/v3/forms', {
          path: '/marketing/v3/forms',
          qs: { limit: 100, ...(after ? { after } : {}) },
        });
        for (const f of page.results ?? []) forms.push({ id: f.id, name: f.name });
        after = page.paging?.next?.after;
      } while (after);
      return forms;
    },

    async listFormSubmissions(portalId, formGuid, limit, after) {
      const res = await request<{ results?: Array<{ conversionId: string; submittedAt: number; pageUrl?: string; values?: Array<{ name: string; value: string }> }>; paging?: { next?: { after?: string } } }>(
        portalId,
        'list form submissions',
        'GET /form-integrations/v1/submissions/forms/{formGuid}',
        { path: `/form-integrations/v1/submissions/forms/${encodeURIComponent(formGuid)}`, qs: { limit: Math.min(50, Math.max(1, limit)), ...(after ? { after } : {}) } },
      );
      return {
        results: (res.results ?? []).map((r): FormSubmission => ({ conversionId: r.conversionId, submittedAt: r.submittedAt, pageUrl: r.pageUrl, values: r.values ?? [] })),
        after: res.paging?.next?.after,
      };
    },
  };
}

/**
 * Private-app mode: one static token serves the one portal it belongs to. The portal is learnt from
 * `GET /account-info/v3/details` on first use; events of any other portal are refused, never sent with it.
 */
export function privateAppTokens(token: string, baseUrl: string): TokenFor & { portalId(): Promise<number> } {
  let portal: Promise<number> | null = null;
  const ownPortal = () =>
    (portal ??= portalIdOfToken(token, baseUrl).catch((e: unknown) => {
      portal = null;
      throw e;
    }));
  const tokenFor = async (portalId: number) => {
    const own = await ownPortal();
    if (own !== portalId) {
      throw new CrmError('CRM.UNAUTHORIZED', `no token for portal ${portalId}: HUBSPOT_ACCESS_TOKEN belongs to portal ${own}`, false);
    }
    return token;
  };
  return Object.assign(tokenFor, { portalId: ownPortal });
}

/**
 * The portal a private-app token belongs to (`GET /account-info/v3/details`). Asked before any other call of the
 * portal, so outside its limiter: a 429 (a backfill filled the window) waits for HubSpot's hint and asks again, as
 * every other call does, instead of failing the work that needed the token.
 */
export async function portalIdOfToken(token: string, baseUrl: string, retry: RetryOptions = DEFAULT_RETRY): Promise<number> {
  const client = new Client({ accessToken: token, basePath: baseUrl, numberOfApiCallRetries: 0 });
  let resumeAt = 0;
  const ownPause = {
    acquire: async () => {
      const wait = resumeAt - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    },
    pause: (ms: number) => void (resumeAt = Date.now() + ms),
  };
  return callWithRetries(
    ownPause,
    async () => {
      let res;
      try {
        res = await client.apiRequest({ method: 'GET', path: '/account-info/v3/details' });
      } catch (e) {
        throw mapHubspotError(e, 'read account details');
      }
      if (!res.ok) throw mapHubspotError(Object.assign(new Error(), { code: res.status, body: await res.text(), headers: Object.fromEntries(res.headers.entries()) }), 'read account details');
      return ((await res.json()) as { portalId: number }).portalId;
    },
    retry,
  );
}
