/** A HubSpot property type (the Properties API's `type`). */
export type HubspotPropertyType = 'string' | 'number' | 'enumeration' | 'datetime' | 'date' | 'bool' | 'phone_number';

/**
 * Contact properties every HubSpot portal has, with their types: the ones rules and leadloop's write plan are
 * likely to name. From HubSpot's list (https://knowledge.hubspot.com/properties/hubspots-default-contact-properties)
 * and a real portal's Properties API catalog (https://knowledge.hubspot.com/properties/hubspots-default-contact-properties). Not the whole catalog (a portal has 600+): a
 * default property missing here only costs a warning, which `customProperties` silences.
 * Note the contact/company differences: contacts have `numemployees` (buckets) where companies have
 * `numberofemployees` (a number), and a free-text `industry` where companies have an enumeration.
 */
export const HUBSPOT_DEFAULT_CONTACT_PROPERTIES: ReadonlyMap<string, HubspotPropertyType> = new Map<string, HubspotPropertyType>([
  // Contact information
  ...(['email', 'firstname', 'lastname', 'salutation', 'jobtitle', 'job_function', 'seniority', 'company', 'website', 'address', 'city', 'state', 'zip', 'country', 'hs_country_region_code', 'hs_state_code', 'industry', 'annualrevenue', 'company_size', 'hs_linkedin_url', 'twitterhandle', 'message', 'hs_language', 'hs_timezone', 'hs_email_domain', 'hs_ip_timezone', 'ip_city', 'ip_country', 'ip_state'] as const).map((n) => [n, 'string'] as const),
  ...(['phone', 'mobilephone', 'fax'] as const).map((n) => [n, 'phone_number'] as const),
  ['numemployees', 'enumeration'],
  ['date_of_birth', 'string'],
  // Lifecycle, status and ownership
  ...(['lifecyclestage', 'hs_lead_status', 'hubspot_owner_id', 'hs_persona', 'hs_buying_role', 'hs_predictivescoringtier', 'hs_feedback_last_nps_rating', 'hs_legal_basis', 'hs_marketable_status', 'hs_last_sales_activity_type', 'hs_analytics_source', 'hs_latest_source'] as const).map((n) => [n, 'enumeration'] as const),
  ...(['hubspot_owner_assigneddate', 'hs_v2_date_entered_current_stage'] as const).map((n) => [n, 'datetime'] as const),
  ['hubspot_team_id', 'enumeration'],
  ['hs_feedback_last_nps_follow_up', 'string'],
  ['hs_feedback_last_survey_date', 'datetime'],
  // Sales activity (set by HubSpot when reps work a contact)
  ...(['notes_last_contacted', 'notes_last_updated', 'notes_next_activity_date', 'hs_last_sales_activity_date', 'hs_last_sales_activity_timestamp', 'hs_sales_email_last_replied', 'hs_sa_first_engagement_date', 'hs_sales_email_last_opened', 'hs_sales_email_last_clicked'] as const).map((n) => [n, 'datetime'] as const),
  ...(['num_contacted_notes', 'num_notes', 'hs_time_to_first_engagement', 'num_associated_deals'] as const).map((n) => [n, 'number'] as const),
  ['hs_is_unworked', 'bool'],
  // Conversions and analytics
  ...(['recent_conversion_event_name', 'first_conversion_event_name', 'hs_analytics_source_data_1', 'hs_analytics_source_data_2', 'hs_analytics_first_url', 'hs_analytics_last_url', 'hs_analytics_first_referrer', 'hs_analytics_last_referrer', 'hs_latest_source_data_1', 'hs_latest_source_data_2'] as const).map((n) => [n, 'string'] as const),
  ...(['recent_conversion_date', 'first_conversion_date', 'hs_analytics_first_visit_timestamp', 'hs_analytics_last_visit_timestamp', 'hs_analytics_first_timestamp', 'hs_analytics_last_timestamp', 'hs_latest_source_timestamp', 'hs_email_last_open_date', 'hs_email_last_click_date', 'hs_email_last_send_date', 'hs_email_first_open_date', 'hs_email_first_click_date'] as const).map((n) => [n, 'datetime'] as const),
  ...(['num_conversion_events', 'num_unique_conversion_events', 'hs_analytics_num_page_views', 'hs_analytics_num_visits', 'hs_analytics_num_event_completions', 'hs_analytics_average_page_views', 'hs_email_open', 'hs_email_click', 'hs_email_delivered', 'hs_email_bounce', 'hs_email_replied', 'hubspotscore'] as const).map((n) => [n, 'number'] as const),
  ...(['hs_email_optout', 'hs_email_bad_address', 'hs_email_hard_bounce_reason_enum'] as const).map((n) => [n, n === 'hs_email_hard_bounce_reason_enum' ? 'enumeration' : 'bool'] as const),
  // Deals and customers
  ...(['total_revenue', 'recent_deal_amount'] as const).map((n) => [n, 'number'] as const),
  ...(['first_deal_created_date', 'recent_deal_close_date', 'closedate'] as const).map((n) => [n, 'datetime'] as const),
  // Record
  ...(['createdate', 'lastmodifieddate'] as const).map((n) => [n, 'datetime'] as const),
  ['hs_object_id', 'number'],
]);

// Per-stage date properties exist for every stage, custom ones included (hs_v2_date_entered_939275049).
const PER_STAGE = /^hs_(v2_date_entered|v2_date_exited|v2_cumulative_time_in|v2_latest_time_in)_[a-z0-9]+$|^hs_lifecyclestage_[a-z0-9]+_date$/;

/** The type of a HubSpot default contact property, or undefined when a fresh portal does not have it. */
export function defaultContactPropertyType(name: string): HubspotPropertyType | undefined {
  return HUBSPOT_DEFAULT_CONTACT_PROPERTIES.get(name) ?? (PER_STAGE.test(name) ? (name.includes('cumulative') || name.includes('latest_time') ? 'number' : 'datetime') : undefined);
}
