import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  eventsReceived: Counter;
  eventsStored: Counter;
  eventsDuplicate: Counter;
  eventsIgnored: Counter;
  eventsProcessed: Counter;
  eventsFailed: Counter;
  eventsDead: Counter;
  ackSeconds: Histogram;
  queueDepth: Gauge;
}

/** One registry per app instance (not prom-client's global), so tests and two apps in a process stay apart. */
export function createMetrics(readQueueDepth: () => Promise<{ pending: number; processing: number; dead: number }>): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'leadloop_' });
  const counter = (name: string, help: string) => new Counter({ name, help, registers: [registry] });
  return {
    registry,
    eventsReceived: counter('leadloop_webhook_events_received_total', 'Webhook events received in signed, well-formed deliveries'),
    eventsStored: counter('leadloop_webhook_events_stored_total', 'Webhook events durably stored for the first time'),
    eventsDuplicate: counter('leadloop_webhook_events_duplicate_total', 'Webhook events already stored (redeliveries)'),
    eventsIgnored: counter('leadloop_webhook_events_ignored_total', 'Stored events of types leadloop does not act on'),
    eventsProcessed: counter('leadloop_events_processed_total', 'Events applied by the worker'),
    eventsFailed: counter('leadloop_events_failed_total', 'Event applications that failed and will be retried'),
    eventsDead: counter('leadloop_events_dead_total', 'Events parked as dead letters'),
    ackSeconds: new Histogram({
      name: 'leadloop_webhook_ack_seconds',
      help: 'Time from request start to the acknowledgement of a webhook delivery',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    queueDepth: new Gauge({
      name: 'leadloop_event_queue_depth',
      help: 'Stored events by queue state',
      labelNames: ['state'],
      registers: [registry],
      async collect() {
        const counts = await readQueueDepth();
        for (const [state, n] of Object.entries(counts)) this.set({ state }, n);
      },
    }),
  };
}
