/**
 * What `GET /api/contacts/:id/card` answers and the card renders. Shared by the backend (src/contact-card) and
 * the card (copied into the HubSpot project by `leadloop manifest --project`), so it imports nothing.
 */
export interface CardLedgerLine {
  kind: 'fit' | 'engagement' | 'cap';
  description: string;
  evidence: string;
  points: number;
  /** When the evidence happened (epoch ms). */
  at: number;
}

export interface CardSla {
  status: 'open' | 'overdue' | 'met' | 'breached' | 'closed';
  ownerId: string | null;
  firstTouchDueAt: number;
  firstTouchAt: number | null;
  /** Working time left to the first-touch deadline at `computedAt` (the SLA calendar's hours; 0 once past). */
  workingMsLeft: number;
  computedAt: number;
  attemptsMade: number;
  attemptsRequired: number;
  attemptsDueAt: number;
  /** The notice the SLA gives next if nothing happens, or null when nothing more is due. */
  next: { kind: string; to: 'owner' | 'manager'; at: number } | null;
  timeZone: string;
  mode: 'business' | 'calendar';
}

export interface CardStageChange {
  from: string;
  to: string;
  at: number;
  /** HubSpot's id of the note leadloop wrote for this change; null while the note is pending or when none was written. */
  noteId: string | null;
}

export interface ScoredCard {
  score: number;
  fitScore: number;
  fitGrade: string;
  engagementScore: number;
  stage: string;
  cell: string;
  tactic: string;
  decidedAt: number;
  /** The rules hash the decision was made with, and since when those rules have been in force. */
  rulesVersion: string;
  rulesSince: number | null;
  /** Every ledger line, the ones that count most first. */
  ledger: CardLedgerLine[];
  sla: CardSla | null;
  /** Stage changes leadloop decided, newest first (each also written as a note on the record). */
  stages: CardStageChange[];
}

export interface CardPayload {
  portalId: number;
  contactId: string;
  /** null: leadloop has not scored this contact yet. */
  scored: ScoredCard | null;
  /** The portal's HubSpot UI domain (account details), for links; absent when leadloop could not read it. */
  uiDomain?: string;
}

/** The error body every leadloop route answers with; the card tells `CARD.PORTAL_NOT_CONNECTED` apart. */
export interface CardErrorBody {
  error: { code: string; message: string };
}
