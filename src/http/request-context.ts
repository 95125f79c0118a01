import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';

/** A request id on every request and response, taken from X-Request-Id when a proxy set a sane one. */
export function requestContext(): RequestHandler {
  return (req, res, next) => {
    const given = req.get('x-request-id');
    const requestId = given && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
    res.locals.requestId = requestId;
    res.locals.startedAt = process.hrtime.bigint();
    res.setHeader('X-Request-Id', requestId);
    next();
  };
}
