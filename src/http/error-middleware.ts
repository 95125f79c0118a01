import type { ErrorRequestHandler } from 'express';
import type { Logger } from '../log/create-logger';
import { HttpError } from './http-error';

/** Maps errors to `{ error: { code, message, details } }`. Never a stack trace to the caller. */
export function errorMiddleware(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const requestId = res.locals.requestId as string | undefined;
    if (err instanceof HttpError) {
      if (err.status >= 500) logger.error('request failed', { requestId, code: err.code, error: err.message });
      res.status(err.status).json({ error: { code: err.code, message: err.message, details: err.details } });
      return;
    }
    // body-parser and express raise errors with `status` and `type`.
    const e = err as { status?: number; type?: string; message?: string };
    if (e.type === 'entity.too.large') {
      res.status(413).json({ error: { code: 'HTTP.BODY_TOO_LARGE', message: 'request body exceeds the size limit' } });
      return;
    }
    if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
      res.status(e.status).json({ error: { code: 'HTTP.BAD_REQUEST', message: e.message ?? 'bad request' } });
      return;
    }
    logger.error('unhandled error', { requestId, path: req.path, error: err });
    res.status(500).json({ error: { code: 'INTERNAL', message: 'internal error', details: { requestId } } });
  };
}
