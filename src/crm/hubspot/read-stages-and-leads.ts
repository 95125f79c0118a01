import type { Client } from '@hubspot/api-client';
import type { CrmLead, CrmPort, LifecycleStageOption } from '../crm-port';
import { CrmError } from '../crm-error';

type Call = <T>(portalId: number, what: string, endpoint: string, fn: (client: Client) => Promise<T>) => Promise<T>;

const LEAD_PROPERTIES = ['hs_pipeline_stage', 'hs_lead_call_count', 'hs_lead_email_count'];
const count = (v: string | null | undefined) => (Number.isFinite(Number(v)) ? Number(v) : 0);

/**
 * The portal's lifecycle stages in its order, and a contact's Sales Hub leads.
 * - Stages: the `lifecyclestage` options, which HubSpot asks integrations to read instead of hard-coding
 *   (https://developers.hubspot.com/changelog/upcoming-customized-lifecycle-stages-for-contacts-and-companies);
 *   the order is the options' `displayOrder` (ties keep HubSpot's listing order).
 * - Leads: the contact's lead associations, then one batch read of the leads (object `leads`, 0-136).
 */
export function stageAndLeadReads(call: Call): Pick<CrmPort, 'listLifecycleStages' | 'readContactLeads' | 'portalHasLeads'> {
  return {
    async listLifecycleStages(portalId): Promise<LifecycleStageOption[]> {
      const p = await call(portalId, 'read lifecycle stages', 'GET /crm/v3/properties/contacts/lifecyclestage', (c) => c.crm.properties.coreApi.getByName('contacts', 'lifecyclestage'));
      return (p.options ?? [])
        .map((o, i) => ({ value: o.value, label: o.label, order: o.displayOrder ?? i, i }))
        .sort((a, b) => a.order - b.order || a.i - b.i)
        .map((o) => ({ value: o.value, label: o.label }));
    },

    async portalHasLeads(portalId) {
      try {
        const page = await call(portalId, 'list leads', 'GET /crm/v3/objects/leads', (c) => c.crm.objects.basicApi.getPage('leads', 1));
        return page.results.length > 0;
      } catch (e) {
        // No Sales Hub Pro/Enterprise, or no crm.objects.leads.read: the portal does not use leads for leadloop.
        if (e instanceof CrmError && (e.details.status === 403 || e.details.status === 404)) return false;
        throw e;
      }
    },

    async readContactLeads(portalId, contactId): Promise<CrmLead[]> {
      const page = await call(portalId, 'read lead associations', 'GET /crm/v4/objects/contacts/{contactId}/associations/leads', (c) => c.crm.associations.v4.basicApi.getPage('contacts', contactId, 'leads', undefined, 500));
      const ids = page.results.map((r) => String(r.toObjectId));
      if (ids.length === 0) return [];
      const leads: CrmLead[] = [];
      for (let i = 0; i < ids.length; i += 100) {
        const chunk = ids.slice(i, i + 100);
        const read = await call(portalId, 'read leads', 'POST /crm/v3/objects/leads/batch/read', (c) => c.crm.objects.batchApi.read('leads', { inputs: chunk.map((id) => ({ id })), properties: LEAD_PROPERTIES, propertiesWithHistory: [] }, false));
        for (const l of read.results) leads.push({ id: l.id, stage: l.properties.hs_pipeline_stage ?? '', calls: count(l.properties.hs_lead_call_count), emails: count(l.properties.hs_lead_email_count) });
      }
      return leads.sort((a, b) => Number(a.id) - Number(b.id));
    },
  };
}
