import type { Generated } from 'kysely';

/** Lifecycle of a stored webhook event. */
export type EventStatus = 'pending' | 'processing' | 'done' | 'ignored' | 'dead';

export interface WebhookEventTable {
  id: Generated<number>;
  portal_id: number;
  subscription_id: number;
  /** Kept as text: HubSpot's ids are 64-bit and must compare exactly. */
  event_id: string;
  occurred_at: number;
  subscription_type: string;
  /** The thing the event is about, e.g. `contact:123`; events of one subject are applied in order. */
  subject_key: string;
  object_id: string | null;
  property_name: string | null;
  property_value: string | null;
  change_source: string | null;
  source_id: string | null;
  attempt_number: number;
  payload: string;
  received_at: number;
  status: EventStatus;
  attempts: number;
  next_attempt_at: number;
  claimed_by: string | null;
  claimed_until: number | null;
  last_error: string | null;
  processed_at: number | null;
}

/** What the intake-stage processor records per contact: one row per applied event. */
export interface ContactEventTable {
  webhook_event_id: number;
  portal_id: number;
  contact_id: string;
  subscription_type: string;
  occurred_at: number;
  applied_at: number;
}

export interface ContactTable {
  portal_id: number;
  contact_id: string;
  properties: string;
  updated_at: number;
}

export interface ContactActivityTable {
  id: Generated<number>;
  portal_id: number;
  contact_id: string;
  kind: string;
  occurred_at: number;
  detail: string;
  source_key: string;
}

export interface DecisionTable {
  id: Generated<number>;
  portal_id: number;
  contact_id: string;
  computed_at: number;
  config_hash: string;
  stage_from: string;
  stage_to: string;
  stage_changed: number;
  fit_score: number;
  fit_grade: string;
  engagement_score: number;
  score: number;
  cell: string;
  tactic: string;
  explanation: string;
  outcome_key: string;
}

export interface ScoreLedgerTable {
  portal_id: number;
  contact_id: string;
  line_no: number;
  rule_id: string;
  kind: string;
  description: string;
  evidence: string;
  points: number;
  at: number;
  config_hash: string;
  computed_at: number;
}

export interface DealContactTable {
  portal_id: number;
  deal_id: string;
  contact_id: string;
}

export interface CrmWriteTable {
  write_key: string;
  portal_id: number;
  contact_id: string;
  kind: string;
  status: 'pending' | 'done';
  crm_id: string | null;
  payload: string | null;
  created_at: number;
  updated_at: number;
}

export interface ErasedContactTable {
  contact_hash: string;
  erased_at: number;
}

export interface PortalTable {
  portal_id: number;
  access_token: string | null;
  refresh_token: string | null;
  expires_at: number;
  scopes: string;
  status: 'active' | 'uninstalled';
  installed_at: number;
  updated_at: number;
}

export interface OAuthNonceTable {
  nonce: string;
  expires_at: number;
}

export interface SlaItemTable {
  id: Generated<number>;
  portal_id: number;
  contact_id: string;
  opened_at: number;
  owner_id: string | null;
  clock_start_at: number;
  first_touch_due_at: number;
  first_touch_at: number | null;
  touches: string;
  notices_given: string;
  status: 'open' | 'overdue' | 'met' | 'breached' | 'closed';
  next_check_at: number | null;
  closed_reason: string | null;
  updated_at: number;
  /** 1 while the item's status still has to be written to HubSpot (a write failed). */
  status_pending: Generated<number>;
}

export interface SlaNotificationTable {
  id: Generated<number>;
  notice_key: string;
  item_id: number;
  portal_id: number;
  contact_id: string;
  kind: string;
  owner_id: string | null;
  payload: string;
  status: 'pending' | 'sent' | 'dead';
  task_id: string | null;
  created_at: number;
  sent_at: number | null;
  /** JSON arrays of channel names: those that took the notice, those that failed its last attempt. */
  sent_channels: Generated<string>;
  failed_channels: Generated<string>;
  attempts: Generated<number>;
  next_attempt_at: number | null;
  last_error: string | null;
}

export interface ContactFunnelTable {
  portal_id: number;
  contact_id: string;
  source: string | null;
  campaign: string | null;
  first_form: string | null;
  email_key: string | null;
  name_key: string | null;
  display_name: string | null;
  lead_at: number | null;
  mql_at: number | null;
  sql_at: number | null;
  opportunity_at: number | null;
  customer_at: number | null;
  rejected_at: number | null;
  updated_at: number;
  /** hs_analytics_source_data_1 (migration 014). */
  source_detail: string | null;
  /** Why sales rejected the lead (migration 014). */
  rejection_reason: string | null;
}

/** A closed deal (migration 013): its outcome, amounts and close time. */
export interface DealOutcomeTable {
  portal_id: number;
  deal_id: string;
  outcome: 'won' | 'lost';
  amount: number | null;
  amount_home: number | null;
  currency: string | null;
  closed_at: number;
  updated_at: number;
}

export interface RulesVersionTable {
  id: Generated<number>;
  hash: string;
  content: string;
  applied_at: number;
  author: string;
}

export interface BackfillCheckpointTable {
  portal_id: number;
  last_contact_id: string | null;
  done: number;
  total: number;
  status: 'running' | 'finished';
  started_at: number;
  updated_at: number;
}

export interface ContractVersionTable {
  id: Generated<number>;
  hash: string;
  terms: string;
  starts_at: number;
  recorded_at: number;
  author: string;
}

export interface ReviewSendTable {
  id: Generated<number>;
  send_key: string;
  month: string;
  channel: string;
  recipient: string;
  /** sending: claimed, not confirmed; sent; failed: the channel refused it (claimed again by the next run). */
  status: 'sending' | 'sent' | 'failed';
  attempts: Generated<number>;
  claimed_at: number;
  sent_at: number | null;
  last_error: string | null;
}

export interface Database {
  contract_versions: ContractVersionTable;
  review_sends: ReviewSendTable;
  rules_versions: RulesVersionTable;
  reconcile_watermarks: { portal_id: number; object_type: string; watermark: number; after_id: string | null; updated_at: number };
  backfill_checkpoints: BackfillCheckpointTable;
  contact_funnel: ContactFunnelTable;
  sla_items: SlaItemTable;
  sla_notifications: SlaNotificationTable;
  job_leases: { name: string; holder: string; expires_at: number };
  job_runs: { name: string; moment: number; holder: string; claimed_at: number };
  routing_state: { portal_id: number; last_owner_id: string };
  portals: PortalTable;
  oauth_nonces: OAuthNonceTable;
  erased_contacts: ErasedContactTable;
  crm_writes: CrmWriteTable;
  webhook_events: WebhookEventTable;
  contact_events: ContactEventTable;
  contacts: ContactTable;
  contact_activities: ContactActivityTable;
  decisions: DecisionTable;
  score_ledger: ScoreLedgerTable;
  deal_contacts: DealContactTable;
  deal_outcomes: DealOutcomeTable;
}

/** Tables holding a contact's data, keyed by (portal_id, contact_id): erasure and purge both walk this list. */
export const CONTACT_TABLES = ['contact_events', 'contacts', 'contact_activities', 'decisions', 'score_ledger', 'deal_contacts', 'crm_writes', 'sla_items', 'sla_notifications', 'contact_funnel'] as const;
