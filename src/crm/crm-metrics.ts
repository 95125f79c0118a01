/**
 * What the HubSpot adapter and its per-portal limiters report, as plain calls: src/http/metrics.ts counts them,
 * so src/crm needs no metrics library.
 */
export interface RateLimitMetrics {
  /** One request waited for its turn: `window` (the portal's window was full) or `pause` (a 429 pause in force). */
  rateLimitWait(reason: 'window' | 'pause', seconds: number): void;
  /** HubSpot answered 429 and the portal's requests are held back for `seconds`. */
  rateLimitPause(seconds: number): void;
}

export interface CrmCallMetrics extends RateLimitMetrics {
  /**
   * One HTTP call to HubSpot. `endpoint` is a template (`POST /crm/v3/objects/contacts/batch/update`,
   * `GET /crm/v4/objects/contacts/{contactId}/associations/notes`), never an id; `status` is `2xx` for an answer
   * HubSpot accepted, its status code for one it refused (`429`, `502`, `404`…), `network_error` when there is
   * no status (no answer, or one the client could not read).
   */
  request(endpoint: string, status: string): void;
}
