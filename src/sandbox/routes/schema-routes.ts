import { Router } from 'express';
import { z } from 'zod';
import { HubspotError } from '../hubspot-error';
import type { SandboxProperty } from '../sandbox-properties';
import { parseBody, route, type SandboxContext } from './route-kit';

const propertySchema = z.object({
  name: z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be lowercase letters, digits and underscores'),
  label: z.string().min(1),
  type: z.enum(['bool', 'date', 'datetime', 'enumeration', 'number', 'phone_number', 'string']),
  fieldType: z.enum(['booleancheckbox', 'calculation_equation', 'checkbox', 'date', 'file', 'html', 'number', 'phonenumber', 'radio', 'select', 'text', 'textarea']),
  groupName: z.string().min(1),
  description: z.string().optional(),
  options: z.array(z.object({ label: z.string(), value: z.string() })).optional(),
});

const propertyJson = (p: SandboxProperty) => ({
  name: p.name, label: p.label, type: p.type, fieldType: p.fieldType, groupName: p.groupName, description: p.description ?? '',
  // HubSpot lists options with their displayOrder: a portal's lifecycle order is read from it.
  options: (p.options ?? []).map((o, displayOrder) => ({ ...o, displayOrder, hidden: false })), hubspotDefined: p.hubspotDefined ?? false, calculated: false, externalOptions: false, hidden: false, formField: true,
  modificationMetadata: { archivable: !p.hubspotDefined, readOnlyDefinition: p.hubspotDefined ?? false, readOnlyValue: p.readOnlyValue ?? false },
});

/** Properties, property groups, owners and the account: the portal's shape. Only contacts have a schema here. */
export function schemaRoutes(ctx: SandboxContext): Router {
  const r = Router();
  const { portal } = ctx;
  const props = ['/crm/v3/properties/contacts', '/crm/properties/2026-03/contacts'];
  const at = (suffix: string) => props.map((p) => p + suffix);

  function addProperty(input: z.infer<typeof propertySchema>) {
    if (portal.properties.has(input.name)) throw new HubspotError(409, 'OBJECT_ALREADY_EXISTS', `Property ${input.name} already exists`);
    if (!portal.propertyGroups.has(input.groupName)) throw new HubspotError(400, 'VALIDATION_ERROR', `Property group ${input.groupName} does not exist`);
    if (input.type === 'enumeration' && !input.options?.length) throw new HubspotError(400, 'VALIDATION_ERROR', `Enumeration property ${input.name} needs options`);
    const p: SandboxProperty = { ...input };
    portal.properties.set(p.name, p);
    return p;
  }

  r.get(at('/groups'), route((_req, res) => res.json({ results: [...portal.propertyGroups.values()].map((g) => ({ ...g, archived: false })) })));
  r.get(at('/groups/:name'), route((req, res) => {
    const g = portal.propertyGroups.get(String(req.params.name));
    if (!g) throw new HubspotError(404, 'OBJECT_NOT_FOUND', `Unable to find property group ${String(req.params.name)}`);
    res.json({ ...g, archived: false });
  }));
  r.post(at('/groups'), route((req, res) => {
    const g = parseBody(z.object({ name: z.string().min(1), label: z.string().min(1), displayOrder: z.number().int().default(-1) }), req.body);
    if (portal.propertyGroups.has(g.name)) throw new HubspotError(409, 'OBJECT_ALREADY_EXISTS', `Property group ${g.name} already exists`);
    portal.propertyGroups.set(g.name, g);
    res.status(201).json({ ...g, archived: false });
  }));
  r.post(at('/batch/create'), route((req, res) => {
    const b = parseBody(z.object({ inputs: z.array(propertySchema).max(100) }), req.body);
    res.status(201).json({ status: 'COMPLETE', results: b.inputs.map((i) => propertyJson(addProperty(i))) });
  }));
  r.get(props, route((_req, res) => res.json({ results: [...portal.properties.values()].map(propertyJson) })));
  r.post(props, route((req, res) => res.status(201).json(propertyJson(addProperty(parseBody(propertySchema, req.body))))));
  r.patch(at('/:name'), route((req, res) => {
    const p = portal.properties.get(String(req.params.name));
    if (!p) throw new HubspotError(404, 'OBJECT_NOT_FOUND', `Unable to find property ${String(req.params.name)}`);
    const b = parseBody(z.object({ label: z.string().min(1).optional(), description: z.string().optional(), options: z.array(z.object({ label: z.string(), value: z.string() }).passthrough()).optional() }), req.body);
    if (b.label) p.label = b.label;
    if (b.description !== undefined) p.description = b.description;
    if (b.options) p.options = b.options.map((o) => ({ label: o.label, value: o.value }));
    res.json(propertyJson(p));
  }));
  r.get(at('/:name'), route((req, res) => {
    const p = portal.properties.get(String(req.params.name));
    if (!p) throw new HubspotError(404, 'OBJECT_NOT_FOUND', `Unable to find property ${String(req.params.name)}`);
    res.json(propertyJson(p));
  }));

  r.get(['/crm/v3/owners', '/crm/v3/owners/', '/crm/owners/2026-03'], route((req, res) => {
    const archived = req.query.archived === 'true';
    const limit = Math.min(500, Number(req.query.limit ?? 100) || 100);
    const after = Number(req.query.after ?? 0) || 0;
    const all = portal.owners.filter((o) => o.archived === archived);
    const page = all.slice(after, after + limit);
    res.json({
      results: page.map((o) => ({ id: o.id, email: o.email, firstName: o.firstName, lastName: o.lastName, userId: o.userId, archived: o.archived, createdAt: '2026-01-05T09:00:00.000Z', updatedAt: '2026-01-05T09:00:00.000Z' })),
      ...(after + limit < all.length ? { paging: { next: { after: String(after + limit) } } } : {}),
    });
  }));

  r.get(['/account-info/v3/details', '/account-info/2026-03/details'], route((_req, res) => {
    res.json({ portalId: portal.portalId, accountType: 'STANDARD', timeZone: 'America/New_York', companyCurrency: 'USD', additionalCurrencies: [], utcOffset: '-05:00', utcOffsetMilliseconds: -18_000_000, uiDomain: 'localhost', dataHostingLocation: 'local' });
  }));
  return r;
}
