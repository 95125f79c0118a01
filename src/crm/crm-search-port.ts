/** One filter of a CRM search, in HubSpot's terms (facts §6: EQ, GT, GTE… on a property). */
export interface SearchFilter {
  propertyName: string;
  operator: 'EQ' | 'GT' | 'GTE' | 'LT' | 'LTE';
  value: string;
}

export interface SearchRequest {
  /** Groups are ORed, filters within a group ANDed. */
  filterGroups: Array<{ filters: SearchFilter[] }>;
  /** Ascending on this property (HubSpot sorts by one property). */
  sortBy: string;
  properties: readonly string[];
  /** Up to 200 (HubSpot's maximum). */
  limit: number;
}

export interface SearchHit {
  id: string;
  properties: Record<string, string | null>;
}

/** CRM search, which HubSpot limits apart from the other APIs (5 requests per second per account). */
export interface CrmSearchPort {
  /** One page (no `after`: callers page by moving their filters, which the 10,000-result cap never stops). */
  searchObjects(portalId: number, object: 'contacts' | 'deals', request: SearchRequest): Promise<{ total: number; results: SearchHit[] }>;
}
