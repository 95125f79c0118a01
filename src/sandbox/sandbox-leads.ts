/**
 * Sales Hub's Leads object (Sales Hub Professional/Enterprise): object type `0-136`, path `/crm/v3/objects/leads`.
 * Verified in HubSpot's Leads API guide (https://developers.hubspot.com/docs/api-reference/crm-leads-v3/guide): a
 * lead needs `hs_lead_name` and an association to an existing contact (lead → contact type 578).
 * Unverified, modelled on what portals show: the default pipeline's id and stage ids below, the contact → lead
 * association type 579, and that calls and emails associated with a lead raise `hs_lead_call_count` /
 * `hs_lead_email_count`.
 */
export const LEAD_PIPELINE = {
  id: 'lead-pipeline-id',
  label: 'Lead pipeline',
  stages: [
    { id: 'new-stage-id', label: 'New' },
    { id: 'attempting-stage-id', label: 'Attempting' },
    { id: 'connected-stage-id', label: 'Connected' },
    { id: 'qualified-stage-id', label: 'Qualified' },
    { id: 'unqualified-stage-id', label: 'Disqualified' },
  ],
} as const;

/** The counters HubSpot keeps on a lead for the engagements logged on it. */
export const LEAD_COUNTERS: Record<string, string> = { calls: 'hs_lead_call_count', emails: 'hs_lead_email_count' };
