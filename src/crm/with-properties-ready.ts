import type { CrmPort } from './crm-port';
import { CrmError } from './crm-error';
import { setupCrmProperties } from './setup-properties';

/**
 * A CRM whose contact updates wait until leadloop's properties exist in that portal. HubSpot refuses a write
 * to a missing property (400, PROPERTY_DOESNT_EXIST), which would park good work as dead letters; a setup that
 * failed (an outage at install or start) is tried again at the next write instead.
 */
export function withPropertiesReady<C extends CrmPort>(crm: C, onCreated: (portalId: number, names: string[]) => void = () => {}): C & { ensureProperties(portalId: number): Promise<void> } {
  const ready = new Map<number, Promise<void>>();
  const ensure = (portalId: number): Promise<void> => {
    let p = ready.get(portalId);
    if (!p) {
      p = setupCrmProperties(crm, portalId, { dryRun: false }).then(
        (steps) => {
          const created = steps.filter((s) => s.action !== 'exists').map((s) => s.name);
          if (created.length > 0) onCreated(portalId, created);
        },
        (e: unknown) => {
          ready.delete(portalId);
          if (e instanceof CrmError) throw e;
          throw new CrmError('CRM.UNAVAILABLE', `leadloop's properties could not be checked in portal ${portalId}: ${e instanceof Error ? e.message : String(e)}`, true);
        },
      );
      ready.set(portalId, p);
    }
    return p;
  };
  // Everything else the given CRM offers (search, deal reads…) passes through unchanged.
  return {
    ...crm,
    /** The same check an install makes; once done it is not made again by the first write. */
    ensureProperties: ensure,
    async updateContacts(portalId: number, updates: Parameters<CrmPort['updateContacts']>[1]) {
      await ensure(portalId);
      return crm.updateContacts(portalId, updates);
    },
  };
}
