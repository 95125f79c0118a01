import { propertiesNeeded } from '../domain/plan-crm-update';
import type { ScoringRules } from '../domain/scoring-rules';

/** Properties the SLA reads to see sales working a lead (facts §7). */
export const SLA_PROPERTIES = [
  'hubspot_owner_id',
  'hubspot_owner_assigneddate',
  'notes_last_contacted',
  'num_contacted_notes',
  'hs_last_sales_activity_date',
  'hs_sales_email_last_replied',
  'hs_is_unworked',
  'hs_lead_status',
];

/** What a form submission, a page view, an email open or click changes (HubSpot has no form webhook). */
export const ACTIVITY_PROPERTIES = [
  'recent_conversion_date',
  'recent_conversion_event_name',
  'num_conversion_events',
  'hs_analytics_num_page_views',
  'hs_analytics_last_url',
  'hs_email_open',
  'hs_email_click',
];

// HubSpot refuses subscriptions to these (webhooks guide).
const NOT_SUBSCRIBABLE = new Set(['num_unique_conversion_events', 'hs_lastmodifieddate']);

export const DEFAULT_TARGET_URL = 'https://leads.example.com/webhooks/hubspot';

export interface WebhooksManifest {
  settings: { targetUrl: string; maxConcurrentRequests: number };
  subscriptions: {
    legacyCrmObjects: Array<{ subscriptionType: string; propertyName?: string; active: boolean }>;
    hubEvents: Array<{ subscriptionType: string; active: boolean }>;
  };
}

/** The contact properties leadloop must hear about: every one the rules, the write plan and the SLA read. */
export function subscribedProperties(rules: ScoringRules): string[] {
  const names = new Set([...propertiesNeeded(rules), ...SLA_PROPERTIES, ...ACTIVITY_PROPERTIES]);
  for (const n of NOT_SUBSCRIBABLE) names.delete(n);
  return [...names].sort();
}

/** webhooks/webhooks.json, derived from the rules so the subscriptions and the rules cannot drift apart. */
export function buildWebhooksManifest(rules: ScoringRules, targetUrl = DEFAULT_TARGET_URL): WebhooksManifest {
  const types = ['contact.creation', 'contact.deletion', 'contact.merge', 'contact.restore', 'contact.associationChange', 'deal.creation', 'deal.associationChange'];
  return {
    settings: { targetUrl, maxConcurrentRequests: 10 },
    subscriptions: {
      legacyCrmObjects: [
        ...types.map((subscriptionType) => ({ subscriptionType, active: true })),
        ...subscribedProperties(rules).map((propertyName) => ({ subscriptionType: 'contact.propertyChange', propertyName, active: true })),
        { subscriptionType: 'deal.propertyChange', propertyName: 'dealstage', active: true },
        // A won deal's amount corrected after the win: revenue by source follows it.
        { subscriptionType: 'deal.propertyChange', propertyName: 'amount', active: true },
      ],
      hubEvents: [{ subscriptionType: 'contact.privacyDeletion', active: true }],
    },
  };
}
