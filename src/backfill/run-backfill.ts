import type { CrmContact } from '../crm/crm-port';
import type { ObjectSearchPort } from '../crm/object-search-port';
import type { Logger } from '../log/create-logger';
import type { ContactScorer } from '../processing/score-contacts';
import type { BackfillCheckpoint, BackfillStore } from '../store/backfill-store-port';
import type { NewActivity } from '../store/contact-store-port';
import { activitiesFromProperties } from './activities-from-properties';
import { backfillSearchRequest, BACKFILL_PAGE_SIZE } from './backfill-query';

export interface BackfillProgress {
  portalId: number;
  done: number;
  total: number;
  /** Contacts per second in this run. */
  rate: number;
  etaSeconds: number | null;
  finished: boolean;
}

export interface BackfillOptions {
  portalId: number;
  search: ObjectSearchPort;
  /** The engine, as webhooks use it (src/processing/score-contacts.ts), over a reader `prime` feeds. */
  scorer: ContactScorer;
  /** Hands a page's contacts to the scorer's reader: the search already read them, no second read. */
  prime: (portalId: number, contacts: readonly CrmContact[]) => void;
  store: BackfillStore;
  properties: readonly string[];
  logger: Logger;
  now: () => number;
  /** Only contacts modified since (epoch ms). */
  since?: number;
  /** At most this many contacts in this run. */
  limit?: number;
  /** Decide and log, write nothing, and leave the checkpoint where it was. */
  dryRun?: boolean;
  pageSize?: number;
  onProgress?: (p: BackfillProgress) => void;
  /** Activities a page's contacts have beyond their properties (their deals), read for the whole page at once. */
  pageActivities?: (portalId: number, contactIds: readonly string[]) => Promise<Map<string, NewActivity[]>>;
  /** Stop between pages when this says so (SIGINT, shutdown); the checkpoint is where the next run starts. */
  shouldStop?: () => boolean;
}

/**
 * Pages through every contact of the portal by id and scores each through the engine and write-back webhooks
 * use. After each page is written the checkpoint moves past it: a run killed at any point redoes at most one
 * page, and that page's notes are keyed (crm_writes), so none is written twice.
 */
export async function runBackfill(o: BackfillOptions): Promise<BackfillProgress> {
  const startedAt = o.now();
  const saved = await o.store.getBackfillCheckpoint(o.portalId);
  // A finished backfill run again starts over; an unfinished one continues.
  const resume = saved && saved.status === 'running' ? saved : null;
  let checkpoint: BackfillCheckpoint = resume ?? { portalId: o.portalId, lastContactId: null, done: 0, total: 0, status: 'running', startedAt, updatedAt: startedAt };
  const doneBefore = checkpoint.done;
  let thisRun = 0;
  const budget = o.limit ?? Number.POSITIVE_INFINITY;
  const pageOf = (afterId: string | null) =>
    o.search.searchContacts(o.portalId, backfillSearchRequest({ ...(afterId === null ? {} : { afterId }), ...(o.since === undefined ? {} : { since: o.since }), properties: o.properties, pageSize: o.pageSize ?? BACKFILL_PAGE_SIZE }));

  const progress = (finished: boolean): BackfillProgress => {
    const seconds = (o.now() - startedAt) / 1000;
    const rate = seconds > 0 ? thisRun / seconds : 0;
    const left = Math.max(0, checkpoint.total - checkpoint.done);
    return { portalId: o.portalId, done: checkpoint.done, total: checkpoint.total, rate, etaSeconds: finished ? 0 : rate > 0 ? Math.round(left / rate) : null, finished };
  };

  let page = await pageOf(checkpoint.lastContactId);
  // `total` counts what is left after the checkpoint; a limit caps it.
  checkpoint = { ...checkpoint, total: doneBefore + Math.min(page.total, budget) };
  o.onProgress?.(progress(false));
  const size = o.pageSize ?? BACKFILL_PAGE_SIZE;
  let exhausted = false;
  for (;;) {
    const contacts = page.results.slice(0, Math.max(0, budget - thisRun));
    if (page.results.length === 0) exhausted = true;
    if (contacts.length === 0) break;
    const lastId = contacts.at(-1)!.id;
    const pageFull = page.results.length >= size;
    if (!pageFull && contacts.length === page.results.length) exhausted = true;
    // The next page is asked for while this one is scored: search has its own limit (facts §6), so the two overlap.
    const next = pageFull && thisRun + contacts.length < budget ? pageOf(lastId) : null;
    next?.catch(() => undefined); // awaited below
    await scorePage(o, contacts);
    thisRun += contacts.length;
    checkpoint = { ...checkpoint, lastContactId: lastId, done: checkpoint.done + contacts.length, updatedAt: o.now() };
    if (!o.dryRun) await o.store.saveBackfillCheckpoint(checkpoint);
    o.onProgress?.(progress(false));
    if (!next || o.shouldStop?.()) break;
    page = await next;
  }
  if (exhausted) {
    checkpoint = { ...checkpoint, status: 'finished', total: checkpoint.done };
    if (!o.dryRun) await o.store.saveBackfillCheckpoint(checkpoint);
  }
  const last = progress(checkpoint.status === 'finished');
  o.onProgress?.(last);
  o.logger.info('backfill run ended', { portalId: o.portalId, contacts: thisRun, done: last.done, total: last.total, finished: last.finished, dryRun: o.dryRun ?? false });
  return last;
}

/** Scores a page and waits for its writes; a failed write fails the page, which the next run redoes. */
async function scorePage(o: BackfillOptions, contacts: readonly CrmContact[]): Promise<void> {
  o.prime(o.portalId, contacts);
  const more = (await o.pageActivities?.(o.portalId, contacts.map((c) => c.id))) ?? new Map<string, NewActivity[]>();
  for (const c of contacts) await o.scorer.rescore(o.portalId, c.id, [...activitiesFromProperties(c.properties), ...(more.get(c.id) ?? [])]);
  const failed = (await o.scorer.settle?.()) ?? new Map<string, unknown>();
  if (failed.size > 0) {
    const [first] = failed.values();
    throw Object.assign(new Error(`backfill: ${failed.size} contact(s) of the page were not written; the next run redoes the page`), { code: 'BACKFILL.PAGE_FAILED', cause: first });
  }
}
