import { diffContact, type ContactDiff, type RuleSet } from '../domain/diff-contact';
import { createRuleDiffTally, type RuleDiffSummary } from '../domain/rule-diff-summary';
import type { ContactScanStore, ScanCursor, ScannedContact } from '../store/contact-scan-store-port';

export interface ScanRuleDiffOptions {
  store: ContactScanStore;
  current: RuleSet;
  candidate: RuleSet;
  /** One time for every contact and both rule sets: the comparison is about the rules, not the clock. */
  now: number;
  portalId?: number;
  pageSize?: number;
  /**
   * Called once per page with the contacts of the page and their diffs (same order), before the next page is read:
   * the report prints the changes, `rules apply` re-scores them.
   */
  onPage?: (page: ReadonlyArray<{ contact: ScannedContact; diff: ContactDiff }>) => Promise<void> | void;
}

/** Streams every stored contact through both rule sets, page by page; only the running totals are kept. */
export async function scanRuleDiff(o: ScanRuleDiffOptions): Promise<RuleDiffSummary> {
  const tally = createRuleDiffTally();
  const pageSize = o.pageSize ?? 1000;
  let cursor: ScanCursor | null = null;
  for (;;) {
    const contacts = await o.store.scanContacts(cursor, pageSize, o.portalId);
    if (contacts.length === 0) break;
    const page = contacts.map((contact) => ({ contact, diff: diffContact(o.current, o.candidate, contact.snapshot, contact.activities, o.now) }));
    for (const { diff } of page) tally.add(diff);
    await o.onPage?.(page);
    const last = contacts[contacts.length - 1]!;
    cursor = { portalId: last.portalId, contactId: last.snapshot.id };
    if (contacts.length < pageSize) break;
  }
  return tally.summary();
}
