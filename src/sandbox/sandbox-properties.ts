/**
 * The contact properties a real HubSpot portal has (the subset leadloop and the sandbox's seed use), with the
 * names, types, field types and options of a real portal's catalog (https://knowledge.hubspot.com/properties/hubspots-default-contact-properties), so that a rule or a write
 * on a property a contact does not have fails here as it would on HubSpot.
 * https://knowledge.hubspot.com/properties/hubspots-default-contact-properties
 */
export interface SandboxProperty {
  name: string;
  label: string;
  type: 'string' | 'number' | 'datetime' | 'date' | 'enumeration' | 'bool' | 'phone_number';
  fieldType: string;
  groupName: string;
  description?: string;
  options?: Array<{ label: string; value: string }>;
  hubspotDefined?: boolean;
  /**
   * HubSpot sets the value itself (calculated, analytics, sales activity): an app's write is refused. The
   * Properties API reports it as `modificationMetadata.readOnlyValue` (a field of @hubspot/api-client's
   * `PropertyModificationMetadata`).
   */
  readOnlyValue?: boolean;
}

const stages = ['subscriber', 'lead', 'marketingqualifiedlead', 'salesqualifiedlead', 'opportunity', 'customer', 'evangelist', 'other'];
// The defaults, then statuses real portals add (§11): a portal's own options are as valid as HubSpot's.
const leadStatuses = ['NEW', 'OPEN', 'IN_PROGRESS', 'OPEN_DEAL', 'UNQUALIFIED', 'ATTEMPTED_TO_CONTACT', 'CONNECTED', 'BAD_TIMING', 'PROSPECT', 'CHECK_BACK', 'DEAD_OPP', 'DUPLICATE'];
/** `numemployees` on a contact is a bucket, not a number; `numberofemployees` (a number) is a company property. */
export const NUMEMPLOYEES_OPTIONS = ['1-5', '5-25', '25-50', '50-100', '100-500', '500-1000', '1000+'];
const sources = ['ORGANIC_SEARCH', 'PAID_SEARCH', 'EMAIL_MARKETING', 'SOCIAL_MEDIA', 'REFERRALS', 'OTHER_CAMPAIGNS', 'DIRECT_TRAFFIC', 'OFFLINE', 'PAID_SOCIAL'];
const activityTypes = ['EMAIL_CLICK', 'EMAIL_OPEN', 'EMAIL_REPLY', 'FORM_SUBMITTED', 'MEETING_BOOKED'];
const opts = (values: string[]) => values.map((v) => ({ label: v, value: v }));

type Def = [name: string, type: SandboxProperty['type'], fieldType: string, extra?: Partial<SandboxProperty>];
const ro = { readOnlyValue: true } as const;

const defs: Def[] = [
  ...['email', 'firstname', 'lastname', 'jobtitle', 'company', 'website', 'city', 'state', 'country', 'hs_country_region_code'].map((n): Def => [n, 'string', 'text']),
  // Free text on contacts ("The Industry a contact is in"); the COMPUTER_SOFTWARE-style enumeration is the company's.
  ['industry', 'string', 'text'],
  ['annualrevenue', 'string', 'text'],
  ['company_size', 'string', 'text'],
  ['numemployees', 'enumeration', 'select', { options: opts(NUMEMPLOYEES_OPTIONS) }],
  ['phone', 'string', 'phonenumber'], ['mobilephone', 'string', 'phonenumber'],
  ['lifecyclestage', 'enumeration', 'radio', { options: opts(stages) }],
  ['hs_lead_status', 'enumeration', 'radio', { options: opts(leadStatuses) }],
  ['hubspot_owner_id', 'enumeration', 'select'],
  // NPS: the last answer, 0…10 (a promoter is 9–10). There is no default `nps_score`. Filled by HubSpot's
  // feedback surveys; whether an app may write it is unverified, so the sandbox lets it (tests set promoters).
  ['hs_feedback_last_nps_rating', 'enumeration', 'select', { options: opts(Array.from({ length: 11 }, (_, i) => String(i))) }],
  ['hs_predictivescoringtier', 'enumeration', 'select', { options: opts(['tier_1', 'tier_2', 'tier_3', 'tier_4', 'closed_won']), ...ro }],
  // What HubSpot records when reps work a contact: an app logs a call or an email instead (facts §7, §11).
  ...['hubspot_owner_assigneddate', 'notes_last_contacted', 'notes_last_updated', 'notes_next_activity_date', 'hs_last_sales_activity_date', 'hs_sales_email_last_replied', 'hs_sa_first_engagement_date'].map((n): Def => [n, 'datetime', 'date', ro]),
  ['num_contacted_notes', 'number', 'number', ro],
  ['hs_time_to_first_engagement', 'number', 'number', ro],
  ['hs_is_unworked', 'bool', 'calculation_equation', ro],
  // The contact's own engagement ("Last Engagement Date"), not a rep's.
  ['hs_last_sales_activity_timestamp', 'datetime', 'date', ro],
  ['hs_last_sales_activity_type', 'enumeration', 'select', { options: opts(activityTypes), ...ro }],
  // Conversions: set by HubSpot on a form submission, calculated.
  ...['num_conversion_events', 'num_unique_conversion_events'].map((n): Def => [n, 'number', 'number', ro]),
  ...['recent_conversion_date', 'first_conversion_date'].map((n): Def => [n, 'datetime', 'date', ro]),
  ...['recent_conversion_event_name', 'first_conversion_event_name'].map((n): Def => [n, 'string', 'text', ro]),
  // Analytics and email tracking.
  ...['hs_analytics_source', 'hs_latest_source'].map((n): Def => [n, 'enumeration', 'select', { options: opts(sources), ...ro }]),
  ...['hs_analytics_source_data_1', 'hs_analytics_source_data_2', 'hs_analytics_last_url'].map((n): Def => [n, 'string', 'text', ro]),
  ...['hs_analytics_num_page_views', 'hs_email_open', 'hs_email_click', 'hs_email_delivered'].map((n): Def => [n, 'number', 'number', ro]),
  ['hubspotscore', 'number', 'calculation_score', ro],
  ...['createdate', 'lastmodifieddate'].map((n): Def => [n, 'datetime', 'date', ro]),
  ['hs_object_id', 'number', 'number', ro],
  ...stages.map((s): Def => [`hs_v2_date_entered_${s}`, 'datetime', 'date', ro]),
];

const groupOf = (name: string) =>
  name.startsWith('hs_analytics') || name.endsWith('_source') ? 'analyticsinformation' : name.startsWith('hs_email') ? 'emailinformation' : name.includes('conversion') ? 'conversioninformation' : 'contactinformation';

export function defaultContactProperties(): SandboxProperty[] {
  return defs.map(([name, type, fieldType, extra]) => ({ name, label: name.replace(/_/g, ' '), type, fieldType, groupName: groupOf(name), hubspotDefined: true, ...extra }));
}

export const LIFECYCLE_ORDER = stages.slice(0, 7);
