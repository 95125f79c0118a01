import type { NextFunction, Request, Response } from 'express';
import { z } from 'zod';
import { HubspotError } from '../hubspot-error';
import type { BatchInputLog } from '../batch-input-log';
import type { Actor, SandboxPortal, StoredObject } from '../sandbox-portal';

/** What every sandbox route needs: the portal and who is calling (and, for tests, where batch inputs are logged). */
export interface SandboxContext {
  portal: SandboxPortal;
  appId: number;
  batchInputs?: BatchInputLog;
}

type Handler = (req: Request, res: Response) => unknown;

/** Async handlers whose HubspotErrors (and zod failures) become HubSpot's error answers. */
export const route = (h: Handler) => (req: Request, res: Response, next: NextFunction) => {
  try {
    Promise.resolve(h(req, res)).catch(next);
  } catch (e) {
    next(e);
  }
};

/** Parses a body the way HubSpot validates one: the first failing field is named in the message. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const r = schema.safeParse(body);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  throw new HubspotError(400, 'VALIDATION_ERROR', `Invalid input JSON: ${issue.path.join('.') || '(body)'}: ${issue.message}`);
}

/** App tokens write as the integration (HubSpot's `INTEGRATION` source with the app id). */
export const actorOf = (res: Response, ctx: SandboxContext): Actor =>
  res.locals.authKind === 'public' ? { changeSource: 'FORM' } : { changeSource: 'INTEGRATION', sourceId: String(ctx.appId) };

/** `?properties=a,b` or repeated `properties=`, as HubSpot accepts both. */
export function listParam(v: unknown): string[] {
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).flatMap((x) => String(x).split(',')).map((s) => s.trim()).filter(Boolean);
}

const DEFAULT_PROPS: Record<string, string[]> = {
  contacts: ['firstname', 'lastname', 'email', 'createdate', 'lastmodifieddate', 'hs_object_id'],
  deals: ['dealname', 'amount', 'dealstage', 'pipeline', 'closedate', 'createdate', 'hs_lastmodifieddate', 'hs_object_id'],
};

/** HubSpot's object shape; only the asked-for properties (a default set when none), unknown ones left out. */
export function objectJson(o: StoredObject, kind: string, properties: string[]) {
  const names = properties.length > 0 ? properties : (DEFAULT_PROPS[kind] ?? Object.keys(o.properties));
  const props: Record<string, string | null> = {};
  for (const n of names) props[n] = o.properties[n] ?? null;
  return { id: o.id, properties: props, createdAt: new Date(o.createdAt).toISOString(), updatedAt: new Date(o.updatedAt).toISOString(), archived: false };
}
