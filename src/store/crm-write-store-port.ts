export type CrmWriteState = 'new' | 'pending' | 'done';

/** Idempotency for what leadloop creates in the CRM (notes, tasks). */
export interface CrmWriteStore {
  /** Records the intent to create `key` (state 'new' → now 'pending'), or tells its earlier state. */
  beginCrmWrite(key: string, portalId: number, contactId: string, kind: string, now: number): Promise<CrmWriteState>;
  confirmCrmWrite(key: string, crmId: string, now: number): Promise<void>;
}
