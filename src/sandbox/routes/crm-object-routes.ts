import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { runBatch } from '../batch-outcome';
import { HubspotError } from '../hubspot-error';
import { ASSOCIATION_TYPE, OBJECT_KINDS, type ObjectKind } from '../sandbox-portal';
import { searchObjects, searchRequestSchema } from '../search-objects';
import { actorOf, listParam, objectJson, parseBody, route, type SandboxContext } from './route-kit';

const propsSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]).transform((v) => (v === null ? null : String(v))));
const associationSchema = z.object({
  to: z.object({ id: z.union([z.string(), z.number()]).transform(String) }),
  types: z.array(z.object({ associationCategory: z.string(), associationTypeId: z.number().int() })).min(1),
});
const traceId = { objectWriteTraceId: z.string().optional() };
const createSchema = z.object({ properties: propsSchema.default({}), associations: z.array(associationSchema).default([]), ...traceId });
const batchOf = <T extends z.ZodType>(input: T) =>
  z.object({ inputs: z.array(input).max(100, 'Batch input must not exceed 100 items') });
const idInput = z.object({ id: z.union([z.string(), z.number()]).transform(String) });

function kindOf(req: Request): ObjectKind {
  const k = String(req.params.kind) as ObjectKind;
  if (!OBJECT_KINDS.includes(k)) throw new HubspotError(400, 'VALIDATION_ERROR', `Unable to infer object type from: ${k}`);
  return k;
}

const TYPE_TO_KIND: Record<number, ObjectKind> = { 578: 'contacts', 202: 'contacts', 204: 'contacts', 194: 'contacts', 198: 'contacts', 200: 'contacts', 3: 'contacts', 4: 'deals' };

/** Contacts, deals and engagements on both path styles: `/crm/v3/objects/{kind}` and `/crm/objects/2026-03/{kind}`. */
export function crmObjectRoutes(ctx: SandboxContext): Router {
  const r = Router();
  const { portal } = ctx;
  const base = ['/crm/v3/objects/:kind', '/crm/objects/2026-03/:kind'];
  const at = (suffix: string) => base.map((b) => b + suffix);

  r.post(at('/merge'), route((req, res) => {
    const b = parseBody(z.object({ primaryObjectId: z.coerce.string(), objectIdToMerge: z.coerce.string() }), req.body);
    res.json(objectJson(portal.mergeContacts(b.primaryObjectId, b.objectIdToMerge, actorOf(res, ctx)), 'contacts', []));
  }));

  r.post(at('/search'), route((req, res) => {
    const kind = kindOf(req);
    const q = parseBody(searchRequestSchema, req.body);
    const found = searchObjects(portal.table(kind).values(), q);
    res.json({ total: found.total, results: found.page.map((o) => objectJson(o, kind, q.properties)), ...(found.after ? { paging: { next: { after: found.after } } } : {}) });
  }));

  r.post(at('/batch/read'), route((req, res) => {
    const kind = kindOf(req);
    const b = parseBody(batchOf(idInput).extend({ properties: z.array(z.string()).default([]) }), req.body);
    const found = b.inputs.map((i) => portal.table(kind).get(i.id));
    const missing = b.inputs.filter((_, i) => !found[i]).map((i) => i.id);
    const results = found.filter((o) => o !== undefined).map((o) => objectJson(o, kind, b.properties));
    const now = new Date(portal.now()).toISOString();
    if (missing.length === 0) return res.json({ status: 'COMPLETE', results, startedAt: now, completedAt: now });
    res.status(207).json({
      status: 'COMPLETE', results, numErrors: 1, startedAt: now, completedAt: now,
      errors: [{ status: 'error', category: 'OBJECT_NOT_FOUND', message: `Could not get some ${kind.toUpperCase()} objects, they may be deleted or not exist. Check that ids are valid.`, context: { ids: missing } }],
    });
  }));

  // Per-input failures (a missing id, an unknown property, a bad option or datetime) answer 207 and the rest apply.
  r.post(at('/batch/update'), route((req, res) => {
    const kind = kindOf(req);
    const b = parseBody(batchOf(z.object({ id: z.coerce.string(), properties: propsSchema, ...traceId })), req.body);
    const actor = actorOf(res, ctx);
    for (const i of b.inputs) ctx.batchInputs?.record({ kind, op: 'update', id: i.id, properties: i.properties });
    const missing = b.inputs.filter((i) => !portal.table(kind).has(i.id)).map((i) => i.id);
    if (missing.length === b.inputs.length && missing.length > 0) throw new HubspotError(404, 'OBJECT_NOT_FOUND', `No ${kind} found for ids ${missing.join(', ')}`);
    const outcome = runBatch(b.inputs, (i) => {
      portal.update(kind, i.id, i.properties, actor);
      return { ...objectJson(portal.get(kind, i.id), kind, Object.keys(i.properties)), ...(i.objectWriteTraceId ? { objectWriteTraceId: i.objectWriteTraceId } : {}) };
    }, (i) => i.id);
    sendBatch(res, outcome, 200);
  }));

  r.post(at('/batch/create'), route((req, res) => {
    const kind = kindOf(req);
    const b = parseBody(batchOf(createSchema), req.body);
    const actor = actorOf(res, ctx);
    for (const i of b.inputs) ctx.batchInputs?.record({ kind, op: 'create', properties: i.properties });
    const outcome = runBatch(b.inputs, (input) => ({ ...objectJson(createWithAssociations(kind, input, actor), kind, []), ...(input.objectWriteTraceId ? { objectWriteTraceId: input.objectWriteTraceId } : {}) }));
    sendBatch(res, outcome, 201);
  }));

  function sendBatch(res: Response, outcome: ReturnType<typeof runBatch>, okStatus: number) {
    const now = new Date(portal.now()).toISOString();
    if (outcome.status === 'ok') return void res.status(okStatus).json({ status: 'COMPLETE', results: outcome.results, startedAt: now, completedAt: now });
    res.status(207).json({ status: 'COMPLETE', results: outcome.results, numErrors: outcome.errors.length, errors: outcome.errors, startedAt: now, completedAt: now });
  }

  function createWithAssociations(kind: ObjectKind, input: z.infer<typeof createSchema>, actor: ReturnType<typeof actorOf>) {
    for (const a of input.associations) {
      const toKind = TYPE_TO_KIND[a.types[0]!.associationTypeId];
      if (!toKind || ASSOCIATION_TYPE[`${kind}>${toKind}`] !== a.types[0]!.associationTypeId) {
        throw new HubspotError(400, 'VALIDATION_ERROR', `${a.types[0]!.associationTypeId} is not a valid association type from ${kind}`);
      }
      portal.get(toKind, a.to.id);
    }
    if (kind === 'notes' || kind === 'tasks' || kind === 'calls' || kind === 'emails' || kind === 'meetings') {
      if (!input.properties.hs_timestamp) throw new HubspotError(400, 'VALIDATION_ERROR', 'Property values were not valid: hs_timestamp is required', { errors: [{ message: 'hs_timestamp is required', code: 'REQUIRED_PROPERTY', context: { propertyName: ['hs_timestamp'] } }] });
    }
    const o = portal.create(kind, input.properties, actor);
    for (const a of input.associations) portal.associate(kind, o.id, TYPE_TO_KIND[a.types[0]!.associationTypeId]!, a.to.id, actor);
    return o;
  }

  r.post(base, route((req, res) => {
    const kind = kindOf(req);
    const o = createWithAssociations(kind, parseBody(createSchema, req.body), actorOf(res, ctx));
    res.status(201).json(objectJson(o, kind, []));
  }));

  r.get(base, route((req, res) => {
    const kind = kindOf(req);
    const limit = Math.min(100, Number(req.query.limit ?? 10) || 10);
    const after = Number(req.query.after ?? 0) || 0;
    const all = [...portal.table(kind).values()].sort((a, b) => Number(a.id) - Number(b.id)).filter((o) => Number(o.id) > after);
    const page = all.slice(0, limit);
    res.json({ results: page.map((o) => objectJson(o, kind, listParam(req.query.properties))), ...(all.length > limit ? { paging: { next: { after: page.at(-1)!.id } } } : {}) });
  }));

  r.get(at('/:id'), route((req, res) => {
    const kind = kindOf(req);
    const id = String(req.params.id);
    const o = req.query.idProperty === 'email' ? portal.contactByEmail(id) : portal.table(kind).get(id);
    if (!o) throw new HubspotError(404, 'OBJECT_NOT_FOUND', `resource not found`);
    res.json(objectJson(o, kind, listParam(req.query.properties)));
  }));

  r.patch(at('/:id'), route((req, res) => {
    const kind = kindOf(req);
    const b = parseBody(z.object({ properties: propsSchema }), req.body);
    portal.update(kind, String(req.params.id), b.properties, actorOf(res, ctx));
    res.json(objectJson(portal.get(kind, String(req.params.id)), kind, Object.keys(b.properties)));
  }));

  r.delete(at('/:id'), route((req, res) => {
    portal.archive(kindOf(req), String(req.params.id), actorOf(res, ctx));
    res.status(204).end();
  }));

  // Associations v4: what is associated to one object, one page at a time.
  r.get(['/crm/v4/objects/:kind/:id/associations/:toKind', '/crm/objects/2026-03/:kind/:id/associations/:toKind'], route((req, res) => {
    const kind = kindOf(req);
    const toKind = String(req.params.toKind) as ObjectKind;
    portal.get(kind, String(req.params.id));
    const limit = Math.min(500, Number(req.query.limit ?? 500) || 500);
    const after = Number(req.query.after ?? 0) || 0;
    const ids = portal.associated(kind, String(req.params.id), toKind).sort((a, b) => Number(a) - Number(b)).filter((id) => Number(id) > after);
    const page = ids.slice(0, limit);
    const typeId = ASSOCIATION_TYPE[`${kind}>${toKind}`] ?? 0;
    res.json({
      results: page.map((id) => ({ toObjectId: Number(id), associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId, label: null }] })),
      ...(ids.length > limit ? { paging: { next: { after: page.at(-1) } } } : {}),
    });
  }));

  // Associations v4, batch: each input's associations of one kind, up to 1,000 inputs a call. An input with none
  // (or no such object) is an error of a 207, as HubSpot answers.
  // https://developers.hubspot.com/docs/api/crm/associations
  r.post('/crm/v4/associations/:kind/:toKind/batch/read', route((req, res) => {
    const kind = kindOf(req);
    const toKind = String(req.params.toKind) as ObjectKind;
    const b = parseBody(z.object({ inputs: z.array(idInput).max(1000, 'Batch input must not exceed 1000 items') }), req.body);
    const typeId = ASSOCIATION_TYPE[`${kind}>${toKind}`] ?? 0;
    const linked = b.inputs.map((i) => ({ id: i.id, to: portal.table(kind).has(i.id) ? portal.associated(kind, i.id, toKind).sort((x, y) => Number(x) - Number(y)) : [] }));
    const results = linked.filter((l) => l.to.length > 0).map((l) => ({ from: { id: l.id }, to: l.to.map((id) => ({ toObjectId: Number(id), associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId, label: null }] })) }));
    const none = linked.filter((l) => l.to.length === 0).map((l) => l.id);
    const now = new Date(portal.now()).toISOString();
    if (none.length === 0) return res.json({ status: 'COMPLETE', results, startedAt: now, completedAt: now });
    res.status(207).json({
      status: 'COMPLETE', results, numErrors: none.length, startedAt: now, completedAt: now,
      errors: none.map((id) => ({ status: 'error', category: 'OBJECT_NOT_FOUND', subCategory: 'crm.associations.NO_ASSOCIATIONS_FOUND', message: `No ${toKind} is associated with ${kind} ${id}.`, context: { fromObjectId: [id] } })),
    });
  }));

  r.put('/crm/v4/objects/:kind/:id/associations/default/:toKind/:toId', route((req, res) => {
    portal.associate(kindOf(req), String(req.params.id), String(req.params.toKind) as ObjectKind, String(req.params.toId), actorOf(res, ctx));
    res.json({ status: 'COMPLETE', results: [] });
  }));

  return r;
}
