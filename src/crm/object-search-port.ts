import type { CrmContact } from './crm-port';

/** One filter of HubSpot's CRM search (https://developers.hubspot.com/docs/api-reference/latest/crm/search-the-crm). */
export interface SearchFilter {
  propertyName: string;
  operator: 'EQ' | 'GT' | 'GTE' | 'LT' | 'LTE' | 'HAS_PROPERTY';
  value?: string;
}

export interface SearchRequest {
  filterGroups: Array<{ filters: SearchFilter[] }>;
  sorts: Array<{ propertyName: string; direction: 'ASCENDING' | 'DESCENDING' }>;
  properties: string[];
  limit: number;
}

/** The search leadloop needs: contacts, one page at a time (no `after`: paging is by id, see backfill-query.ts). */
export interface ObjectSearchPort {
  searchContacts(portalId: number, request: SearchRequest): Promise<{ total: number; results: CrmContact[] }>;
}
