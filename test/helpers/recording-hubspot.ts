import { DEFAULT_LIFECYCLE_PROPERTY } from './lifecycle-stages-reply';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { LEADLOOP_PROPERTIES, PROPERTY_GROUP } from '../../src/crm/leadloop-properties';

/**
 * A stateful HubSpot double served over HTTP, for a leadloop running as its own process (HUBSPOT_BASE_URL).
 * It keeps contacts and notes as HubSpot would (an update changes what the next read returns; a note is
 * associated with its contact and found again through the v4 associations API) and records every call,
 * duplicates included: nothing is deduplicated, so a second write of the same thing is visible.
 * Bodies follow HubSpot's v3 batch APIs (https://developers.hubspot.com/docs/api/crm/contacts and @hubspot/api-client's models).
 */
export interface RecordedCall {
  method: string;
  /** Path without the query string. */
  path: string;
  query: string;
  body: unknown;
  status: number;
}

export interface RecordedUpdate {
  id: string;
  properties: Record<string, string>;
}

export interface RecordedNote {
  id: string;
  contactId: string;
  properties: Record<string, string>;
}

export interface RecordingHubspot {
  url: string;
  token: string;
  portalId: number;
  calls: RecordedCall[];
  /** Every input of every batch update, in the order received. */
  updates: RecordedUpdate[];
  /** Every note created, in the order received. */
  notes: RecordedNote[];
  /** Calls to endpoints this double does not serve (answered 404 as HubSpot would). */
  unexpected: () => RecordedCall[];
  contact(id: string): Record<string, string> | undefined;
  close(): Promise<void>;
}

const ISO = '2026-01-05T09:00:00.000Z';

const hubspotError = (status: number, category: string, message: string) => ({
  status: 'error',
  message,
  correlationId: '8f4a1c2e-0000-4000-8000-000000000000',
  category,
});

/** Properties as HubSpot's read returns them: the ones asked for (null when unset) plus its default three. */
function readProperties(id: string, stored: Record<string, string>, asked: readonly string[]): Record<string, string | null> {
  const out: Record<string, string | null> = { createdate: ISO, hs_object_id: id, lastmodifieddate: ISO };
  for (const name of asked) out[name] = stored[name] ?? null;
  return out;
}

export async function startRecordingHubspot(o: { portalId: number; token: string; contacts: Record<string, Record<string, string>> }): Promise<RecordingHubspot> {
  const contacts = new Map(Object.entries(o.contacts).map(([id, p]) => [id, { ...p }]));
  const calls: RecordedCall[] = [];
  const updates: RecordedUpdate[] = [];
  const notes: RecordedNote[] = [];
  const notesOf = new Map<string, string[]>();
  let nextNoteId = 90_000_000_001;
  const served = new Set<RecordedCall>();

  const answer = (method: string, path: string, body: unknown): [number, unknown] => {
    const inputs = ((body as { inputs?: unknown[] } | null)?.inputs ?? []) as Array<Record<string, unknown>>;
    if (method === 'GET' && path === '/account-info/v3/details') {
      return [200, { portalId: o.portalId, accountType: 'STANDARD', timeZone: 'US/Eastern', companyCurrency: 'USD', additionalCurrencies: [], utcOffset: '-05:00', utcOffsetMilliseconds: -18_000_000, uiDomain: 'app.hubspot.com', dataHostingLocation: 'na1' }];
    }
    if (method === 'GET' && path === `/crm/v3/properties/contacts/groups/${PROPERTY_GROUP.name}`) {
      return [200, { name: PROPERTY_GROUP.name, label: PROPERTY_GROUP.label, displayOrder: -1, archived: false }];
    }
    if (method === 'GET' && path === '/crm/v3/properties/contacts/lifecyclestage') {
      // A fresh portal's lifecycle stages, in HubSpot's order: leadloop reads the order before deciding.
      return [200, DEFAULT_LIFECYCLE_PROPERTY];
    }
    if (method === 'GET' && path === '/crm/v3/objects/leads') return [200, { results: [] }]; // no Sales Hub leads
    if (method === 'GET' && path === '/crm/v3/properties/contacts') {
      const results = LEADLOOP_PROPERTIES.map((p) => ({
        name: p.name, label: p.label, type: p.type, fieldType: p.fieldType, description: p.description, groupName: PROPERTY_GROUP.name,
        options: (p.options ?? []).map((opt, i) => ({ ...opt, displayOrder: i, hidden: false })),
        displayOrder: -1, calculated: false, externalOptions: false, hasUniqueValue: false, hidden: false, formField: false, archived: false,
        createdAt: ISO, updatedAt: ISO, modificationMetadata: { archivable: true, readOnlyDefinition: false, readOnlyValue: false },
      }));
      return [200, { results }];
    }
    if (method === 'POST' && path === '/crm/v3/objects/contacts/batch/read') {
      const asked = ((body as { properties?: string[] }).properties ?? []) as string[];
      const results = [];
      const errors = [];
      for (const { id } of inputs as Array<{ id: string }>) {
        const stored = contacts.get(id);
        if (stored) results.push({ id, properties: readProperties(id, stored, asked), createdAt: ISO, updatedAt: ISO, archived: false });
        else errors.push({ status: 'error', category: 'OBJECT_NOT_FOUND', message: 'Could not get some CONTACT objects, they may be deleted or not exist.', context: { ids: [id] } });
      }
      const page = { status: 'COMPLETE', results, startedAt: ISO, completedAt: ISO };
      return errors.length > 0 ? [207, { ...page, numErrors: errors.length, errors }] : [200, page];
    }
    if (method === 'POST' && path === '/crm/v3/objects/contacts/batch/update') {
      const results = [];
      for (const input of inputs as Array<{ id: string; properties: Record<string, string> }>) {
        updates.push({ id: input.id, properties: { ...input.properties } });
        const stored = contacts.get(input.id);
        if (!stored) return [404, hubspotError(404, 'OBJECT_NOT_FOUND', `resource not found: contact ${input.id}`)];
        Object.assign(stored, input.properties);
        results.push({ id: input.id, properties: { ...stored }, createdAt: ISO, updatedAt: ISO, archived: false });
      }
      return [200, { status: 'COMPLETE', results, startedAt: ISO, completedAt: ISO }];
    }
    if (method === 'POST' && path === '/crm/v3/objects/notes/batch/create') {
      const results = [];
      for (const input of inputs as Array<{ properties: Record<string, string>; associations?: Array<{ to: { id: string }; types: Array<{ associationTypeId: number }> }> }>) {
        const id = String(nextNoteId++);
        const contactId = input.associations?.find((a) => a.types.some((t) => t.associationTypeId === 202))?.to.id ?? '';
        notes.push({ id, contactId, properties: { ...input.properties } });
        notesOf.set(contactId, [...(notesOf.get(contactId) ?? []), id]);
        results.push({ id, properties: { ...input.properties, hs_createdate: ISO, hs_lastmodifieddate: ISO, hs_object_id: id }, createdAt: ISO, updatedAt: ISO, archived: false });
      }
      return [201, { status: 'COMPLETE', results, startedAt: ISO, completedAt: ISO }];
    }
    const assoc = /^\/crm\/v4\/objects\/contacts\/([^/]+)\/associations\/notes$/.exec(path);
    if (method === 'GET' && assoc) {
      const ids = notesOf.get(decodeURIComponent(assoc[1]!)) ?? [];
      return [200, { results: ids.map((id) => ({ toObjectId: Number(id), associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 202, label: null }] })) }];
    }
    if (method === 'POST' && path === '/crm/v3/objects/notes/batch/read') {
      const asked = ((body as { properties?: string[] }).properties ?? []) as string[];
      const results = (inputs as Array<{ id: string }>)
        .map(({ id }) => notes.find((n) => n.id === id))
        .filter((n): n is RecordedNote => n !== undefined)
        .map((n) => ({ id: n.id, properties: { ...Object.fromEntries(asked.map((a) => [a, n.properties[a] ?? null])), hs_object_id: n.id }, createdAt: ISO, updatedAt: ISO, archived: false }));
      return [200, { status: 'COMPLETE', results, startedAt: ISO, completedAt: ISO }];
    }
    return [404, hubspotError(404, 'OBJECT_NOT_FOUND', `no such endpoint in this double: ${method} ${path}`)];
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://hubspot.test');
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = null;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        body = text;
      }
      const method = req.method ?? 'GET';
      let status: number;
      let payload: unknown;
      if (req.headers.authorization !== `Bearer ${o.token}`) {
        [status, payload] = [401, hubspotError(401, 'INVALID_AUTHENTICATION', 'Authentication credentials not found.')];
      } else {
        [status, payload] = answer(method, url.pathname, body);
      }
      const call: RecordedCall = { method, path: url.pathname, query: url.search, body, status };
      calls.push(call);
      if (status !== 404 && status !== 401) served.add(call);
      res.writeHead(status, { 'content-type': 'application/json;charset=utf-8' });
      res.end(JSON.stringify(payload));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token: o.token,
    portalId: o.portalId,
    calls,
    updates,
    notes,
    unexpected: () => calls.filter((c) => !served.has(c)),
    contact: (id) => contacts.get(id),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
