import type { FeedbackFact } from '../domain/sales-feedback';
/** A deal as it closed: won or lost, its amounts (HubSpot's `amount`, `amount_in_home_currency`) and when. */
export interface DealOutcome {
  dealId: string;
  outcome: 'won' | 'lost';
  amount: number | null;
  /** In the portal's company currency (`amount_in_home_currency`). */
  amountHome: number | null;
  /** `deal_currency_code`. */
  currency: string | null;
  /** `closedate`, or when leadloop saw the deal close. */
  closedAt: number;
}

/** A won deal with what is known of each of its contacts' origin and touches. */
export interface WonDealRow {
  portalId: number;
  dealId: string;
  amount: number | null;
  amountHome: number | null;
  currency: string | null;
  wonAt: number;
  contacts: Array<{
    contactId: string;
    leadAt: number | null;
    mqlAt: number | null;
    source: string | null;
    sourceDetail: string | null;
    campaign: string | null;
    firstForm: string | null;
    /** Form submissions and campaign email clicks, oldest first. */
    touches: Array<{ kind: 'form_submitted' | 'email_clicked'; at: number; formName?: string; campaign?: string }>;
  }>;
}

/** An MQL of the period: its origin, sales' verdict and, once accepted, how its deals ended (the domain's fact). */
export type FeedbackRow = FeedbackFact;

export interface RevenueStore {
  /** A deal closed (again): the latest word wins, so a deal re-opened and won later is won. */
  recordDealOutcome(portalId: number, deal: DealOutcome, at: number): Promise<void>;
  /** How a deal last closed, as recorded (null: never seen closing). */
  dealOutcomeOf(portalId: number, dealId: string): Promise<{ outcome: 'won' | 'lost'; closedAt: number } | null>;
  /** Won deals closed in [wonFrom, wonTo), or (cohort) won deals of contacts who became MQL in [mqlFrom, mqlTo). */
  wonDeals(q: { portalId?: number } & ({ wonFrom: number; wonTo: number } | { mqlFrom: number; mqlTo: number })): Promise<WonDealRow[]>;
  /** MQLs of [from, to) per original source and campaign. */
  mqlsByOrigin(from: number, to: number, portalId?: number): Promise<Array<{ source: string | null; campaign: string | null; mqls: number }>>;
  feedbackRows(from: number, to: number, portalId?: number): Promise<FeedbackRow[]>;
}
