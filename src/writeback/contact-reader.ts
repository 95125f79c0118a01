import type { CrmContact, CrmPort } from '../crm/crm-port';
import { createKeyedBatcher } from './keyed-batcher';

export interface ContactReader {
  /** The contact as the CRM holds it now, or null when the CRM has no such contact. */
  read(portalId: number, contactId: string): Promise<CrmContact | null>;
}

/** Gathers reads for a short window so one batch read (≤ 100 contacts) serves them all. */
export function createContactReader(crm: CrmPort, properties: readonly string[], windowMs: number, maxBatch = 100): ContactReader {
  const batcher = createKeyedBatcher<null, CrmContact>({
    windowMs,
    maxBatch,
    flush: async (portalId, items) => new Map((await crm.readContacts(portalId, [...items.keys()], properties)).map((c) => [c.id, c])),
  });
  return { read: async (portalId, contactId) => (await batcher.add(portalId, contactId, null)) ?? null };
}
