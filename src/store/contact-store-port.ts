import type { ContactActivity, ContactSnapshot } from '../domain/contact-activity';
import type { Decision } from '../domain/decide';
import type { LedgerLine } from '../domain/ledger';

export interface PropertyChange {
  name: string;
  value: string | null;
  at: number;
}

/** A contact's properties by name, as stored. */
export type ContactProperties = Record<string, string | null>;

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
  /**
   * Applies property changes (newest wins per property, by time) and adds activities not seen before. Returns the
   * contact's properties as stored after the changes (what `loadContact` would now read), so a caller about to
   * decide need not read them again.
   */
  applyContactChanges(portalId: number, contactId: string, changes: readonly PropertyChange[], activities: readonly NewActivity[]): Promise<ContactProperties>;
  /**
   * applyContactChanges, then the contact's whole activity in time order, as `activitiesOf` would read it: what a
   * decision is taken on. On PostgreSQL the activities' insert and the read are one statement.
   */
  applyAndLoadContact(portalId: number, contactId: string, changes: readonly PropertyChange[], activities: readonly NewActivity[]): Promise<{ properties: ContactProperties; activities: ContactActivity[] }>;
  loadContact(portalId: number, contactId: string): Promise<{ snapshot: ContactSnapshot; activities: ContactActivity[] } | null>;
  /** The contact's activity in time order (`loadContact`'s activities alone). */
  activitiesOf(portalId: number, contactId: string): Promise<ContactActivity[]>;
  /**
   * What a contact's events are applied onto, in one read: whether it was erased for privacy, and its properties
   * (empty when leadloop holds none).
   */
  contactBeforeEvents(portalId: number, contactId: string): Promise<{ erased: boolean; properties: ContactProperties }>;
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
