import type { RateLimit } from '../crm/rate-limiter';
import { ok, warn, type Finding } from './finding';
import type { PortalFacts } from './portal-facts';

/** HubSpot's sizes (facts §6): search pages of 200 at 5 requests/s, batch updates and note creates of 100. */
const SEARCH_PAGE = 200;
const SEARCH_PER_SECOND = 5;
const BATCH = 100;
/** Search answers at most 10,000 results per query; beyond, page by `hs_object_id GT last id`. */
const SEARCH_CAP = 10_000;

export interface BackfillEstimate {
  contacts: number;
  searchPages: number;
  updateBatches: number;
  /** At most one note batch per update batch: a note goes only with a stage move. */
  noteBatches: number;
  calls: number;
  seconds: number;
}

export function estimateBackfill(contacts: number, limit: RateLimit): BackfillEstimate {
  const searchPages = Math.ceil(contacts / SEARCH_PAGE);
  const updateBatches = Math.ceil(contacts / BATCH);
  const noteBatches = updateBatches;
  const general = updateBatches + noteBatches;
  // Search has its own limit; the batch calls share the portal's window.
  const seconds = searchPages / SEARCH_PER_SECOND + Math.ceil(general / limit.max) * (limit.windowMs / 1000);
  return { contacts, searchPages, updateBatches, noteBatches, calls: searchPages + general, seconds: Math.ceil(seconds) };
}

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function formatDuration(seconds: number): string {
  if (seconds < 90) return `${seconds} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

/** How many contacts a backfill would touch (`POST /crm/v3/objects/contacts/search`, limit 1 → `total`) and what it costs. */
export function diagnoseBackfill(facts: PortalFacts, limit: RateLimit): Finding[] {
  if (!facts.contactCount.available) return [warn('backfill', `could not count the contacts (${facts.contactCount.reason})`, 'grant crm.objects.contacts.read and run the doctor again')];
  const e = estimateBackfill(facts.contactCount.value, limit);
  if (e.contacts === 0) return [ok('backfill', 'the portal has no contacts: nothing to backfill')];
  const findings = [
    ok('backfill', `a backfill would touch ${count(e.contacts, 'contact', 'contacts')}: ${count(e.searchPages, 'search page', 'search pages')}, ${count(e.updateBatches, 'batch update', 'batch updates')}, up to ${count(e.noteBatches, 'note batch', 'note batches')} (${e.calls} calls), about ${formatDuration(e.seconds)} at ${limit.max} requests per ${limit.windowMs / 1000} s`),
  ];
  if (e.contacts > SEARCH_CAP) findings.push(ok('backfill', `more than ${SEARCH_CAP} contacts: search pages by hs_object_id, as one query answers at most ${SEARCH_CAP}`));
  return findings;
}
