import type { CrmContact } from '../crm/crm-port';
import type { ContactReader } from '../writeback/contact-reader';

export interface PrimedReader extends ContactReader {
  prime(portalId: number, contacts: readonly CrmContact[]): void;
}

/**
 * A reader served from the contacts a search page already returned (same properties), so a backfill reads each
 * contact once; anything not primed is read as usual.
 */
export function createPrimedReader(fallback: ContactReader): PrimedReader {
  const primed = new Map<string, CrmContact>();
  return {
    prime(portalId, contacts) {
      for (const c of contacts) primed.set(`${portalId}:${c.id}`, c);
    },
    async read(portalId, contactId) {
      const key = `${portalId}:${contactId}`;
      const hit = primed.get(key);
      if (!hit) return fallback.read(portalId, contactId);
      primed.delete(key);
      return hit;
    },
  };
}
