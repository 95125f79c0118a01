/** What the closed-loop report needs from each contact's CRM read: its origin, its name, sales' verdict. */
export const REPORT_READ_PROPERTIES = ['hs_analytics_source', 'hs_analytics_source_data_1', 'hs_analytics_source_data_2', 'firstname', 'lastname', 'email', 'hs_lead_status', 'first_conversion_event_name'] as const;
