import type { ContactActivity, ContactSnapshot } from '../domain/contact-activity';

export interface ScannedContact {
  portalId: number;
  snapshot: ContactSnapshot;
  activities: ContactActivity[];
}

/** Where a scan stopped: the next page starts after this contact. */
export interface ScanCursor {
  portalId: number;
  contactId: string;
}

/** Every contact leadloop holds, read in pages: for re-scoring them all (`leadloop rules diff|apply`). */
export interface ContactScanStore {
  /**
   * Up to `limit` contacts after `after`, ordered by (portal, contact id), each with its activities in time order:
   * two queries per page, not one per contact. An empty page means the scan is done.
   */
  scanContacts(after: ScanCursor | null, limit: number, portalId?: number): Promise<ScannedContact[]>;
  /** The rules hash of each listed contact's latest recorded decision (contacts never decided are absent): one query. */
  latestDecisionHashes(portalId: number, contactIds: readonly string[]): Promise<Map<string, string>>;
}
