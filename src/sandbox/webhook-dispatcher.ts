import { createHash, createHmac } from 'node:crypto';
import { createDropDraw } from './drop-draw';
import type { Faults } from './sandbox-faults';
import type { PortalChange } from './sandbox-portal';
import { hears, payloadOf, subscriptionsOf, type WebhooksManifest } from './webhook-subscriptions';

export { parseWebhooksManifest, type WebhooksManifest } from './webhook-subscriptions';

export interface WebhookEventOut {
  eventId: number;
  subscriptionId: number;
  portalId: number;
  appId: number;
  occurredAt: number;
  subscriptionType: string;
  attemptNumber: number;
  objectId?: number;
  propertyName?: string;
  propertyValue?: string;
  changeSource: string;
  sourceId?: string;
  changeFlag?: string;
  [extra: string]: unknown;
}

export interface DispatcherOptions {
  manifest: WebhooksManifest;
  portalId: number;
  appId: number;
  clientSecret: string;
  /** Where deliveries go; null until an app is listening (events wait). */
  targetUrl: () => string | null;
  faults: () => Faults;
  /** First retry delay; doubles each attempt, with jitter. HubSpot spreads 10 retries over 24 h: tests need less. */
  retryBaseMs?: number;
  maxAttempts?: number;
  timeoutMs?: number;
  batchSize?: number;
  random?: () => number;
  /** Makes the `dropRate` fault drop the same events in every run (drop-draw.ts). */
  dropSeed?: number;
  /** The portal's clock, for X-HubSpot-Request-Timestamp (default Date.now). */
  now?: () => number;
}

/** v3: base64 HMAC-SHA256 over method + URI + body + timestamp, keyed by the app's client secret (facts §2). */
export function signV3(secret: string, method: string, uri: string, body: string, timestamp: number): string {
  return createHmac('sha256', secret).update(`${method}${uri}${body}${timestamp}`, 'utf8').digest('base64');
}

/**
 * HubSpot's webhook delivery: subscribed changes become events (legacy, generic `object.*` or hub events, as the
 * manifest subscribes), sent as JSON arrays of up to 100, signed v1
 * and v3, at most `maxConcurrentRequests` at once, retried with growing delays on a non-2xx or a timeout.
 */
export function createWebhookDispatcher(o: DispatcherOptions) {
  const subs = subscriptionsOf(o.manifest);
  const maxConcurrent = o.manifest.settings.maxConcurrentRequests ?? 10;
  const random = o.random ?? Math.random;
  const queue: WebhookEventOut[] = [];
  let inFlight = 0;
  let nextEventId = 100_000 + Math.floor(random() * 1_000_000);
  let timer: NodeJS.Timeout | null = null;
  const retryTimers = new Set<NodeJS.Timeout>();
  const stats = { delivered: 0, deliveries: 0, failedAttempts: 0, dropped: 0, duplicated: 0, faultDropped: 0 };
  let idleWaiters: Array<() => void> = [];
  const dropDraw = createDropDraw(o.dropSeed, random);

  function eventsFor(c: PortalChange): WebhookEventOut[] {
    const base = { portalId: o.portalId, appId: o.appId, occurredAt: c.at, attemptNumber: 0, changeSource: c.actor.changeSource, ...(c.actor.sourceId ? { sourceId: c.actor.sourceId } : {}) };
    // Each subscription that hears the change sends its own event, in its own family's shape.
    return subs.filter((s) => hears(s, c)).map((s) => ({ ...base, eventId: nextEventId++, subscriptionId: s.id, subscriptionType: s.subscriptionType, ...payloadOf(s, c) }));
  }

  function schedule(delayMs = 0) {
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      pump();
    }, delayMs);
    timer.unref();
  }

  function pump() {
    const target = o.targetUrl();
    if (!target) return;
    while (inFlight < maxConcurrent && queue.length > 0) {
      let batch = queue.splice(0, o.batchSize ?? 100);
      if (o.faults().outOfOrder && batch.length > 1) {
        batch = batch.map((e) => ({ e, k: random() })).sort((a, b) => a.k - b.k).map((x) => x.e);
        // Hold a few back so they arrive in a later request than events that happened after them.
        const held = batch.splice(0, Math.max(1, Math.floor(batch.length / 5)));
        queue.push(...held);
      }
      void deliver(target, batch);
    }
    notifyIfIdle();
  }

  async function deliver(target: string, batch: WebhookEventOut[]): Promise<void> {
    inFlight += 1;
    const body = JSON.stringify(batch);
    const timestamp = (o.now ?? Date.now)();
    let ok = false;
    try {
      stats.deliveries += 1;
      const res = await fetch(target, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'HubSpot Connect 2.0 (http://dev.hubspot.com/) - WebhooksExecutorDaemon (leadloop sandbox)',
          'X-HubSpot-Signature': createHash('sha256').update(o.clientSecret + body).digest('hex'),
          'X-HubSpot-Signature-Version': 'v1',
          'X-HubSpot-Signature-v3': signV3(o.clientSecret, 'POST', target, body, timestamp),
          'X-HubSpot-Request-Timestamp': String(timestamp),
        },
        body,
        signal: AbortSignal.timeout(o.timeoutMs ?? 5000),
      });
      await res.arrayBuffer().catch(() => undefined);
      ok = res.ok;
    } catch {
      ok = false;
    }
    inFlight -= 1;
    if (ok) {
      stats.delivered += batch.length;
      const dupRate = o.faults().duplicateRate;
      const dups = dupRate > 0 ? batch.filter(() => random() < dupRate) : [];
      if (dups.length > 0) {
        stats.duplicated += dups.length;
        queue.push(...dups.map((e) => ({ ...e })));
      }
    } else {
      stats.failedAttempts += 1;
      const retry = batch.map((e) => ({ ...e, attemptNumber: e.attemptNumber + 1 })).filter((e) => e.attemptNumber < (o.maxAttempts ?? 10));
      stats.dropped += batch.length - retry.length;
      if (retry.length > 0) {
        const base = (o.retryBaseMs ?? 1000) * 2 ** Math.min(retry[0]!.attemptNumber - 1, 10);
        const t = setTimeout(() => {
          retryTimers.delete(t);
          queue.push(...retry);
          schedule();
        }, base * (0.5 + random()));
        t.unref();
        retryTimers.add(t);
      }
    }
    schedule();
  }

  function notifyIfIdle() {
    if (queue.length === 0 && inFlight === 0 && retryTimers.size === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const w of waiters) w();
    }
  }

  return {
    subscriptions: subs,
    stats,
    /** Called for each change in the portal: subscribed events are queued and sent shortly after. */
    onChange(c: PortalChange) {
      const events = eventsFor(c);
      if (events.length === 0) return;
      const dropRate = o.faults().dropRate;
      const kept = dropRate > 0 ? events.filter((e) => dropDraw(e) >= dropRate) : events;
      stats.faultDropped += events.length - kept.length;
      if (kept.length === 0) return;
      queue.push(...kept);
      // A short gather window lets one change's events (creation + its properties) share a request, as HubSpot's do.
      schedule(20);
    },
    /** Try now (e.g. once the app listens). */
    kick: () => schedule(),
    pending: () => queue.length + inFlight,
    /** Resolves once nothing is queued, in flight or waiting for a retry. */
    idle(): Promise<void> {
      return new Promise((resolve) => {
        idleWaiters.push(resolve);
        notifyIfIdle();
      });
    },
    stop() {
      if (timer) clearTimeout(timer);
      for (const t of retryTimers) clearTimeout(t);
      retryTimers.clear();
    },
  };
}
export type WebhookDispatcher = ReturnType<typeof createWebhookDispatcher>;
