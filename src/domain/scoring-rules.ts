import type { SalesAcceptedRule } from './sales-acceptance';
/**
 * The scoring configuration, as plain types (the zod schema in src/config checks files against these).
 * See config/README.md for what each field means.
 */
export type PropertyMatch =
  | { kind: 'equals'; value: string; caseSensitive?: boolean }
  | { kind: 'oneOf'; values: string[]; caseSensitive?: boolean }
  | { kind: 'contains'; value: string; caseSensitive?: boolean }
  | { kind: 'matches'; pattern: string; flags?: string }
  | { kind: 'range'; min?: number; max?: number }
  /** A size bucket such as `100-500` or `1000+` (HubSpot's `numemployees`) lying wholly within [min, max]. */
  | { kind: 'bucket'; min?: number; max?: number }
  /** Free text (a contact's `industry`) naming any of the keywords, case- and accent-insensitive. */
  | { kind: 'keywords'; values: string[]; wholeWord?: boolean }
  | { kind: 'known' }
  | { kind: 'unknown' };

export interface PropertyRule {
  id: string;
  description: string;
  property: string;
  match: PropertyMatch;
  points: number;
}

export type FormSelector = { id?: string; name?: string };

export type EventMatch =
  | { kind: 'form_submitted'; form?: FormSelector }
  | { kind: 'page_views'; minCount: number; urlContains?: string }
  | { kind: 'email_opened' }
  | { kind: 'email_clicked' };

export interface EventRule {
  id: string;
  description: string;
  event: EventMatch;
  points: number;
  /** Rules in one group share the group's cap. */
  group?: string;
}

export type Grade = 'A' | 'B' | 'C' | 'D';

export interface ReadySignal {
  id: string;
  description: string;
  event: EventMatch;
  /** Only a signal this recent counts; a demo request from last year is not a buying signal today. */
  withinDays: number;
}

export type TacticAction =
  | { kind: 'set_stage'; stage: 'marketingqualifiedlead' }
  | { kind: 'note' }
  | { kind: 'task'; subject: string }
  | { kind: 'set_property'; property: string; value: string }
  | { kind: 'record' };

export interface Tactic {
  name: string;
  description: string;
  actions: TacticAction[];
}

export type MatrixCell = 'readyTarget' | 'readyNotTarget' | 'notReadyTarget' | 'notReadyNotTarget';

/** A property the portal added, declared so that `leadloop config check` knows it is meant. */
export interface CustomProperty {
  name: string;
  type: 'string' | 'number' | 'enumeration' | 'datetime' | 'date' | 'bool' | 'phone_number';
}

export interface ScoringRules {
  /** Properties of this portal that a fresh HubSpot portal does not have. */
  customProperties?: CustomProperty[];
  fit: {
    rules: PropertyRule[];
    /** Lowest fit score for each grade; below C is D. */
    grades: { A: number; B: number; C: number };
    /** Grades that make a contact "target profile". */
    targetGrades: Grade[];
  };
  engagement: {
    halfLifeDays: number;
    rules: EventRule[];
    groupCaps: Record<string, number>;
  };
  /** Total score (fit + engagement) at which a lead becomes an MQL. */
  mqlThreshold: number;
  readyToBuy: {
    signals: ReadySignal[];
    /** Engagement score that counts as ready to buy on its own; omit to rely on signals only. */
    engagementThreshold?: number;
  };
  matrix: Record<MatrixCell, Tactic>;
  lifecycle: {
    /** Sales accepted the lead: MQL → SQL (from `hs_lead_status`, or from Sales Hub's Leads object). */
    salesAccepted: SalesAcceptedRule;
    /** Sales rejected the lead: never promoted to MQL by score again. */
    disqualified: { property: string; values: string[] };
    /** A customer who is a promoter becomes an evangelist. */
    promoter?: { property: string; min: number };
    /**
     * Custom stages (a portal's numeric stage ids) leadloop may move a contact forward out of, by the portal's own
     * order. A contact in any other custom stage is left where it is: leadloop has no rule for it.
     */
    advanceFromStages?: string[];
  };
}
