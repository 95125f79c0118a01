import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { OBJECT_KINDS, type SandboxPortal } from './sandbox-portal';

const snapshotSchema = z.object({
  version: z.literal(1),
  portalId: z.number(),
  nextId: z.number(),
  objects: z.record(z.string(), z.array(z.object({ id: z.string(), properties: z.record(z.string(), z.string()), createdAt: z.number(), updatedAt: z.number() }))),
  associations: z.array(z.tuple([z.string(), z.array(z.string())])),
  submissions: z.array(z.tuple([z.string(), z.array(z.any())])),
  properties: z.array(z.any()),
  propertyGroups: z.array(z.any()),
});

/** Saves the portal so a restarted sandbox keeps what the demo and leadloop wrote (leadloop's store remembers it). */
export function saveSnapshot(portal: SandboxPortal, file: string): void {
  const data = {
    version: 1,
    portalId: portal.portalId,
    nextId: Number(portal.newId()),
    objects: Object.fromEntries(OBJECT_KINDS.map((k) => [k, [...portal.table(k).values()]])),
    associations: [...portal.associations].map(([k, v]) => [k, [...v]]),
    submissions: [...portal.submissions],
    properties: [...portal.properties.values()],
    propertyGroups: [...portal.propertyGroups.values()],
  };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Names and emails of (fake or copied) contacts: readable by the owner only.
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(data), { mode: 0o600 });
  fs.chmodSync(`${file}.tmp`, 0o600);
  fs.renameSync(`${file}.tmp`, file);
}

/** Loads a saved portal into an empty one; false when there is none (or it belongs to another portal). */
export function loadSnapshot(portal: SandboxPortal, file: string): boolean {
  if (!fs.existsSync(file)) return false;
  const parsed = snapshotSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success || parsed.data.portalId !== portal.portalId) return false;
  const s = parsed.data;
  for (const k of OBJECT_KINDS) for (const o of s.objects[k] ?? []) portal.table(k).set(o.id, o);
  for (const [k, v] of s.associations) portal.associations.set(k, new Set(v));
  for (const [k, v] of s.submissions) portal.submissions.set(k, v);
  for (const p of s.properties) portal.properties.set(p.name, p);
  for (const g of s.propertyGroups) portal.propertyGroups.set(g.name, g);
  portal.restoreIndexes(s.nextId);
  return true;
}
