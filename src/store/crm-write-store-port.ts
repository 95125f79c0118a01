/** 'taken': pending, and someone (a sweep, a replay, maybe on another instance) has it in flight: leave it to them. */
export type CrmWriteState = 'new' | 'pending' | 'taken' | 'done';

/** A pending write taken up this long ago and still not confirmed: its taker died; it may be taken up again. */
export const CRM_WRITE_IN_FLIGHT_MS = 60_000;

/** Idempotency for what leadloop creates in the CRM (notes, tasks). */
export interface CrmWriteStore {
  /**
   * Records the intent to create `key` with its payload (state 'new' → now 'pending'), or tells its earlier state:
   * 'pending' when this caller takes the write up again (nobody has it in flight), 'taken' when someone has.
   */
  beginCrmWrite(key: string, portalId: number, contactId: string, kind: string, now: number, payload?: string): Promise<CrmWriteState>;
  confirmCrmWrite(key: string, crmId: string, now: number): Promise<void>;
  /** Confirms several writes at once, each with HubSpot's id for it (a batch HubSpot created): one statement. */
  confirmCrmWrites(confirmed: ReadonlyArray<{ key: string; crmId: string }>, now: number): Promise<void>;
  /** Pending writes untouched since `before` (interrupted by a crash or a failed call), marked as touched now. */
  takeStalePendingWrites(kind: string, before: number, now: number, limit: number): Promise<Array<{ key: string; portalId: number; contactId: string; payload: string | null }>>;
  /** The notes HubSpot confirmed for one contact of one portal (key and HubSpot's note id); pending ones are left out. */
  confirmedNotesOf(portalId: number, contactId: string): Promise<Array<{ key: string; crmId: string }>>;
}
