export interface KeyedBatcherOptions<I, O> {
  /** How long the first item of a batch waits for others. */
  windowMs: number;
  /** A batch is sent at once when it reaches this size (HubSpot's batch endpoints take 100). */
  maxBatch: number;
  /**
   * Sends one batch of one portal; returns a result per key (missing keys resolve to undefined). A `KeyFailed`
   * rejects that key's callers alone: HubSpot applies the rest of a batch when it refuses some inputs.
   */
  flush: (portalId: number, items: ReadonlyMap<string, I>) => Promise<ReadonlyMap<string, O | KeyFailed> | void>;
}

/** One key's failure inside a batch that otherwise went through. */
export class KeyFailed {
  constructor(readonly error: unknown) {}
}

export interface KeyedBatcher<I, O> {
  /** Adds an item; an item already waiting under the same key is replaced (the latest wins). */
  add(portalId: number, key: string, item: I): Promise<O | undefined>;
  /** Sends everything waiting now, and resolves once every batch already on its way has settled too (shutdown). */
  flushAll(): Promise<void>;
}

interface Entry<I, O> {
  item: I;
  waiters: Array<{ resolve: (o: O | undefined) => void; reject: (e: unknown) => void }>;
}

/**
 * Coalescing per portal: items arriving within a short window share one call. Every caller gets its own
 * result, or the batch's error.
 */
export function createKeyedBatcher<I, O = void>(o: KeyedBatcherOptions<I, O>): KeyedBatcher<I, O> {
  const queues = new Map<number, Map<string, Entry<I, O>>>();
  const timers = new Map<number, NodeJS.Timeout>();
  // Batches on their way: a drain that did not wait for them would close the store under a write still running.
  const inFlight = new Set<Promise<void>>();
  const send = (portalId: number): Promise<void> => {
    const sending = flush(portalId);
    inFlight.add(sending);
    void sending.finally(() => inFlight.delete(sending));
    return sending;
  };

  async function flush(portalId: number): Promise<void> {
    clearTimeout(timers.get(portalId));
    timers.delete(portalId);
    const queue = queues.get(portalId);
    queues.delete(portalId);
    if (!queue) return;
    try {
      const results = await o.flush(portalId, new Map([...queue].map(([k, e]) => [k, e.item])));
      for (const [key, entry] of queue) {
        const result = results ? results.get(key) : undefined;
        for (const w of entry.waiters) if (result instanceof KeyFailed) w.reject(result.error);
        else w.resolve(result);
      }
    } catch (error) {
      for (const entry of queue.values()) for (const w of entry.waiters) w.reject(error);
    }
  }

  return {
    async flushAll() {
      await Promise.all([...queues.keys()].map((portalId) => send(portalId)));
      await Promise.all([...inFlight]);
    },
    add(portalId, key, item) {
      return new Promise((resolve, reject) => {
        let queue = queues.get(portalId);
        if (!queue) queues.set(portalId, (queue = new Map()));
        const entry = queue.get(key);
        if (entry) {
          entry.item = item;
          entry.waiters.push({ resolve, reject });
        } else queue.set(key, { item, waiters: [{ resolve, reject }] });
        if (queue.size >= o.maxBatch) void send(portalId);
        else if (!timers.has(portalId)) timers.set(portalId, setTimeout(() => void send(portalId), o.windowMs));
      });
    },
  };
}
