import type { ContactActivity, ContactSnapshot } from '../domain/contact-activity';
import type { Decision } from '../domain/decide';
import type { LedgerLine } from '../domain/ledger';

export interface PropertyChange {
  name: string;
  value: string | null;
  at: number;
}

export interface NewActivity {
  activity: ContactActivity;
  /** Identity of the activity: the same key twice is one activity. */
  sourceKey: string;
}

export interface StoredDecision {
  id: number;
  computedAt: number;
  configHash: string;
  stageFrom: string;
  stageTo: string;
  stageChanged: boolean;
  fitScore: number;
  fitGrade: string;
  engagementScore: number;
  score: number;
  cell: string;
  tactic: string;
  explanation: string;
}

export interface StoredLedgerLine extends LedgerLine {
  configHash: string;
  computedAt: number;
}

/** What leadloop knows of each contact: properties, normalised activity, decisions and the score ledger. */
export interface ContactStore {
  /** Applies property changes (newest wins per property, by time) and adds activities not seen before. */
  applyContactChanges(portalId: number, contactId: string, changes: readonly PropertyChange[], activities: readonly NewActivity[]): Promise<void>;
  loadContact(portalId: number, contactId: string): Promise<{ snapshot: ContactSnapshot; activities: ContactActivity[] } | null>;
  /**
   * Replaces the contact's ledger with the decision's lines and records the decision when its outcome differs
   * from the last one recorded. Returns whether a decision row was written.
   */
  saveDecision(portalId: number, decision: Decision): Promise<boolean>;
  listDecisions(portalId: number, contactId: string): Promise<StoredDecision[]>;
  ledgerOf(portalId: number, contactId: string): Promise<StoredLedgerLine[]>;
  linkDeal(portalId: number, dealId: string, contactId: string): Promise<void>;
  contactsOfDeal(portalId: number, dealId: string): Promise<string[]>;
  /**
   * Erases everything held on the contact (its webhook events, history, properties, decisions, ledger, deal
   * links, CRM write records) and remembers only a hash of its id, so late events are dropped too.
   */
  eraseContact(portalId: number, contactId: string, now: number): Promise<void>;
  isErased(portalId: number, contactId: string): Promise<boolean>;
  /** When the contact was erased for privacy (epoch ms), or null if it never was. */
  erasedAt(portalId: number, contactId: string): Promise<number | null>;
  /** Portals where leadloop holds this contact id (ids are per portal). */
  portalsOfContact(contactId: string): Promise<number[]>;
}
