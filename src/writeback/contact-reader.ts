import type { CrmContact, CrmPort } from '../crm/crm-port';

export interface ContactReader {
  /** The contact as the CRM holds it now, or null when the CRM has no such contact. */
  read(portalId: number, contactId: string): Promise<CrmContact | null>;
}

/** Gathers reads for a short window so one batch read (≤ 100 contacts) serves them all. */
export function createContactReader(crm: CrmPort, properties: readonly string[], windowMs: number, maxBatch = 100): ContactReader {
  const queues = new Map<number, Map<string, Array<{ resolve: (c: CrmContact | null) => void; reject: (e: unknown) => void }>>>();
  const timers = new Map<number, NodeJS.Timeout>();

  async function flush(portalId: number): Promise<void> {
    clearTimeout(timers.get(portalId));
    timers.delete(portalId);
    const queue = queues.get(portalId);
    queues.delete(portalId);
    if (!queue) return;
    const ids = [...queue.keys()];
    for (let i = 0; i < ids.length; i += maxBatch) {
      const chunk = ids.slice(i, i + maxBatch);
      try {
        const found = new Map((await crm.readContacts(portalId, chunk, properties)).map((c) => [c.id, c]));
        for (const id of chunk) for (const w of queue.get(id)!) w.resolve(found.get(id) ?? null);
      } catch (error) {
        for (const id of chunk) for (const w of queue.get(id)!) w.reject(error);
      }
    }
  }

  return {
    read(portalId, contactId) {
      return new Promise((resolve, reject) => {
        let queue = queues.get(portalId);
        if (!queue) queues.set(portalId, (queue = new Map()));
        const waiters = queue.get(contactId);
        if (waiters) waiters.push({ resolve, reject });
        else queue.set(contactId, [{ resolve, reject }]);
        if (queue.size >= maxBatch) void flush(portalId);
        else if (!timers.has(portalId)) timers.set(portalId, setTimeout(() => void flush(portalId), windowMs));
      });
    },
  };
}
