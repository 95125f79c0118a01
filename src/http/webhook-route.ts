import express, { Router } from 'express';
import { webhookBatchSchema } from '../events/webhook-event-schema';
import { toNewEvent } from '../events/to-new-event';
import { describeZodIssues } from '../config/format-zod-issues';
import type { Logger } from '../log/create-logger';
import type { Store } from '../store/store-port';
import { HttpError } from './http-error';
import type { IntakeHealth } from './intake-health';
import type { Metrics } from './metrics';
import { exceedsJsonDepth, MAX_JSON_DEPTH } from './json-depth';
import { dropErasedReplays } from './drop-erased-replays';
import { signedUriOf } from './signed-uri-of';
import { verifySignature } from './verify-signature';

export interface WebhookRouteDeps {
  store: Store;
  logger: Logger;
  metrics: Metrics;
  clientSecrets: readonly string[];
  /** LEADLOOP_ACCEPT_LEGACY_SIGNATURES: accept v1/v2 (never for events older than their contact's erasure). */
  acceptLegacySignatures?: boolean;
  /** Public origin HubSpot calls (PUBLIC_URL): behind a proxy the request's own host is not what was signed. */
  publicUrl?: string;
  maxBodyBytes: number;
  now?: () => number;
  /** Called after a delivery is committed, so the worker need not wait for its next poll. */
  onStored?: () => void;
  /** Told of each commit and each failed one (`/readyz` reports a failure until a commit succeeds again). */
  intake?: Pick<IntakeHealth, 'committed' | 'failed'>;
}

export const WEBHOOK_PATH = '/webhooks/hubspot';

/**
 * route → content type → body size → signature → JSON → schema → one transaction → 2xx.
 * The answer comes as soon as the batch is committed; the work happens in the worker.
 */
export function webhookRoute(deps: WebhookRouteDeps): Router {
  const { store, logger, metrics, clientSecrets, publicUrl, maxBodyBytes, now = Date.now } = deps;
  const router = Router();

  router.post(
    WEBHOOK_PATH,
    (req, res, next) => {
      const stop = metrics.ackSeconds.startTimer();
      res.on('finish', () => stop());
      if (!req.is('application/json')) {
        next(new HttpError(415, 'WEBHOOK.UNSUPPORTED_MEDIA_TYPE', 'Content-Type must be application/json'));
        return;
      }
      next();
    },
    express.raw({ type: () => true, limit: maxBodyBytes }),
    async (req, res, next) => {
      const requestId = res.locals.requestId as string;
      try {
        const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const verdict = verifySignature(
          {
            method: req.method,
            uri: signedUriOf(req, publicUrl),
            rawBody,
            headers: {
              signatureV3: req.get('x-hubspot-signature-v3'),
              signature: req.get('x-hubspot-signature'),
              signatureVersion: req.get('x-hubspot-signature-version'),
              timestamp: req.get('x-hubspot-request-timestamp'),
            },
          },
          clientSecrets,
          now(),
          { acceptLegacy: deps.acceptLegacySignatures === true },
        );
        if (!verdict.ok) throw new HttpError(401, verdict.code, verdict.message);

        if (exceedsJsonDepth(rawBody)) {
          throw new HttpError(400, 'WEBHOOK.TOO_DEEP', `body nests deeper than ${MAX_JSON_DEPTH} levels; HubSpot's deliveries nest 3`);
        }
        let json: unknown;
        try {
          json = JSON.parse(rawBody.toString('utf8'));
        } catch (e) {
          throw new HttpError(400, 'WEBHOOK.MALFORMED_JSON', `body is not valid JSON: ${(e as Error).message}`);
        }
        const parsed = webhookBatchSchema.safeParse(json);
        if (!parsed.success) {
          const details = describeZodIssues(parsed.error).map((d) => ({ field: d.path || '(body)', reason: d.message }));
          const first = details[0];
          throw new HttpError(400, 'WEBHOOK.INVALID_PAYLOAD', `${first?.field ?? '(body)'}: ${first?.reason ?? 'invalid'}`, details);
        }

        let events = parsed.data.map(toNewEvent);
        if (verdict.version !== 'v3') {
          const { kept, dropped } = await dropErasedReplays(store, events);
          if (dropped.length > 0) {
            logger.warn('legacy-signed events of erased contacts dropped', { requestId, eventIds: dropped.map((e) => e.eventId) });
          }
          events = kept;
        }
        metrics.eventsReceived.inc(events.length);
        let result;
        try {
          result = await store.insertWebhookEvents(events, now());
          deps.intake?.committed();
        } catch (e) {
          deps.intake?.failed(now());
          logger.error('could not store webhook delivery', { requestId, error: e });
          res.setHeader('Retry-After', '5');
          throw new HttpError(503, 'STORE.UNAVAILABLE', 'the delivery could not be stored; HubSpot will retry it');
        }
        metrics.eventsStored.inc(result.stored);
        metrics.eventsDuplicate.inc(result.duplicates);
        metrics.eventsIgnored.inc(events.filter((e) => e.status === 'ignored').length);
        logger.info('webhook delivery stored', {
          requestId,
          portalId: events[0]?.portalId,
          eventIds: events.slice(0, 10).map((e) => e.eventId),
          events: events.length,
          stored: result.stored,
          duplicates: result.duplicates,
          signatureVersion: verdict.version,
        });
        res.status(200).json({ received: events.length, stored: result.stored, duplicates: result.duplicates });
        if (result.stored > 0) deps.onStored?.();
      } catch (e) {
        if (e instanceof HttpError && e.status < 500) {
          logger.warn('webhook delivery refused', { requestId, code: e.code, reason: e.message });
        }
        next(e);
      }
    },
  );
  return router;
}
