import type { StageOrder } from '../domain/lifecycle-stage';
import type { ContactLead, SalesAcceptedRule } from '../domain/sales-acceptance';
import type { CrmPort } from './crm-port';

export interface PortalFactsReader {
  /** The portal's lifecycle stage order, read at most every few minutes. */
  stages(portalId: number): Promise<StageOrder>;
  /** The contact's leads when the rules read them; null when they do not, or the portal has no Leads object. */
  leads(portalId: number, contactId: string): Promise<ContactLead[] | null>;
}

/**
 * What the decision needs from the portal beyond the contact: its lifecycle stage order (cached per portal, since
 * admins rarely reorder stages and each decision must not cost a call) and, where the rules ask, the contact's
 * leads. With `source: "auto"` only a portal that has leads is asked for each contact's: one without any, or whose
 * Leads API refuses (no Sales Hub Pro, no scope), falls back to `hs_lead_status`, and is asked again in a few minutes.
 */
export function createPortalFacts(crm: CrmPort, rule: SalesAcceptedRule, o: { ttlMs?: number; now?: () => number } = {}): PortalFactsReader {
  const ttl = o.ttlMs ?? 5 * 60_000;
  const now = o.now ?? Date.now;
  const stageCache = new Map<number, { until: number; order: Promise<StageOrder> }>();
  const hasLeads = new Map<number, { until: number; yes: Promise<boolean> }>();
  // "auto": only a portal that has leads is asked for each contact's (one call per portal every few minutes).
  const portalHasLeads = (portalId: number): Promise<boolean> => {
    const hit = hasLeads.get(portalId);
    if (hit && now() < hit.until) return hit.yes;
    const entry = { until: now() + ttl, yes: crm.portalHasLeads(portalId) };
    hasLeads.set(portalId, entry);
    entry.yes.catch(() => hasLeads.get(portalId) === entry && hasLeads.delete(portalId));
    return entry.yes;
  };
  const source = rule.source ?? 'leadStatus';
  return {
    stages(portalId) {
      const hit = stageCache.get(portalId);
      if (hit && now() < hit.until) return hit.order;
      const order = crm.listLifecycleStages(portalId).then((options) => options.map((s) => s.value));
      const entry = { until: now() + ttl, order };
      stageCache.set(portalId, entry);
      // A failed read is not kept: the next decision asks again (and fails retryably meanwhile).
      order.catch(() => stageCache.get(portalId) === entry && stageCache.delete(portalId));
      return order;
    },
    async leads(portalId, contactId) {
      if (source === 'leadStatus') return null;
      if (source === 'auto' && !(await portalHasLeads(portalId))) return null;
      return crm.readContactLeads(portalId, contactId);
    },
  };
}
