/** The contact properties a fresh HubSpot portal has (the subset leadloop and the sandbox's seed use). */
export interface SandboxProperty {
  name: string;
  label: string;
  type: 'string' | 'number' | 'datetime' | 'date' | 'enumeration' | 'bool' | 'phone_number';
  fieldType: string;
  groupName: string;
  description?: string;
  options?: Array<{ label: string; value: string }>;
  hubspotDefined?: boolean;
}

const stages = ['subscriber', 'lead', 'marketingqualifiedlead', 'salesqualifiedlead', 'opportunity', 'customer', 'evangelist', 'other'];
const leadStatuses = ['NEW', 'OPEN', 'IN_PROGRESS', 'OPEN_DEAL', 'UNQUALIFIED', 'ATTEMPTED_TO_CONTACT', 'CONNECTED', 'BAD_TIMING'];
const opts = (values: string[]) => values.map((v) => ({ label: v, value: v }));

const defs: Array<[string, SandboxProperty['type'], string?]> = [
  ['email', 'string'], ['firstname', 'string'], ['lastname', 'string'], ['jobtitle', 'string'], ['company', 'string'],
  ['website', 'string'], ['phone', 'phone_number'], ['country', 'string'], ['city', 'string'], ['industry', 'string'],
  ['numberofemployees', 'number'], ['annualrevenue', 'number'], ['nps_score', 'number'],
  ['lifecyclestage', 'enumeration'], ['hs_lead_status', 'enumeration'], ['hubspot_owner_id', 'enumeration'],
  ['hubspot_owner_assigneddate', 'datetime'], ['notes_last_contacted', 'datetime'], ['num_contacted_notes', 'number'],
  ['notes_last_updated', 'datetime'], ['notes_next_activity_date', 'datetime'], ['hs_last_sales_activity_date', 'datetime'],
  ['hs_sales_email_last_replied', 'datetime'], ['hs_is_unworked', 'bool'], ['hs_time_to_first_engagement', 'number'],
  ['num_conversion_events', 'number'], ['num_unique_conversion_events', 'number'], ['recent_conversion_date', 'datetime'],
  ['recent_conversion_event_name', 'string'], ['first_conversion_date', 'datetime'], ['first_conversion_event_name', 'string'],
  ['hs_analytics_source', 'enumeration'], ['hs_analytics_source_data_1', 'string'], ['hs_analytics_num_page_views', 'number'],
  ['hs_analytics_last_url', 'string'], ['hs_email_open', 'number'], ['hs_email_click', 'number'], ['hs_email_delivered', 'number'],
  ['createdate', 'datetime'], ['lastmodifieddate', 'datetime'], ['hs_object_id', 'number'], ['hubspotscore', 'number'],
  ...stages.map((s): [string, SandboxProperty['type']] => [`hs_v2_date_entered_${s}`, 'datetime']),
];

export function defaultContactProperties(): SandboxProperty[] {
  return defs.map(([name, type]) => ({
    name,
    label: name.replace(/_/g, ' '),
    type,
    fieldType: type === 'number' ? 'number' : type === 'datetime' ? 'date' : type === 'enumeration' ? 'select' : type === 'bool' ? 'booleancheckbox' : 'text',
    groupName: name.startsWith('hs_analytics') ? 'analyticsinformation' : name.startsWith('hs_email') ? 'emailinformation' : 'contactinformation',
    hubspotDefined: true,
    ...(name === 'lifecyclestage' ? { options: opts(stages) } : name === 'hs_lead_status' ? { options: opts(leadStatuses) } : {}),
  }));
}

export const LIFECYCLE_ORDER = stages.slice(0, 7);
