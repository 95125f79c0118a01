/** What a backfill reads about deals a page at a time: who has which deals, and those deals' stages. */
export interface ContactDealsPort {
  /** Each contact's deal ids (contacts without any are absent): `POST /crm/v4/associations/contacts/deals/batch/read`. */
  readContactsDeals(portalId: number, contactIds: readonly string[]): Promise<Map<string, string[]>>;
  /** The named properties of each deal found (absent: gone): `POST /crm/v3/objects/deals/batch/read`. */
  readDeals(portalId: number, dealIds: readonly string[], properties: readonly string[]): Promise<Map<string, Record<string, string | null>>>;
}
