import type { PortalFactsReader } from '../crm/portal-facts';
import type { ContactDiff, RuleSet } from '../domain/diff-contact';
import type { Decision, PortalFacts } from '../domain/decide';
import type { RuleDiffSummary } from '../domain/rule-diff-summary';
import type { Logger } from '../log/create-logger';
import type { SlaTracker } from '../sla/track-sla';
import { funnelFactsOf } from '../report/funnel-facts';
import type { ScannedContact } from '../store/contact-scan-store-port';
import type { Store } from '../store/store-port';
import type { ContactReader } from '../writeback/contact-reader';
import type { WriteBack } from '../writeback/write-back';
import { scanRuleDiff } from './scan-rule-diff';

export interface RescoreProgress {
  scanned: number;
  rescored: number;
  failed: number;
  /** Changed contacts whose latest decision is already under the candidate: re-scored by an earlier, interrupted run. */
  alreadyDone: number;
}

export interface RescoreOptions {
  store: Store;
  current: RuleSet;
  candidate: RuleSet;
  now: number;
  logger: Logger;
  portalId?: number;
  pageSize?: number;
  /** With a CRM: each changed contact is read (batched), re-decided on what HubSpot holds, and written back. */
  crm?: { reader: ContactReader; writeBack: WriteBack; facts?: PortalFactsReader };
  /** The webhooks' SLA tracker: a contact the candidate makes an MQL gets its SLA clock now, not at its next event. */
  sla?: SlaTracker;
  onProgress?: (p: RescoreProgress) => void;
}

export interface RescoreResult extends RescoreProgress {
  summary: RuleDiffSummary;
}

/**
 * `rules apply`'s second half: every contact whose decision the candidate changes is decided again and goes
 * through the normal write-back (batched, only what differs, forward-only stages, one note per stage change,
 * the portal's rate limiter) and the SLA tracker; contacts the candidate leaves alone cost nothing. A contact the
 * candidate would demote keeps its stage (decideStage never moves back) and gets its new score and grade.
 *
 * Resumable: a contact's decision is recorded under the candidate's hash only once its write-back is done, and a
 * contact whose latest decision already carries that hash is skipped. A run that dies part-way is finished by the
 * next (`rules apply` again); the notes are keyed in the write ledger, so none is written twice.
 */
export async function rescoreChanged(o: RescoreOptions): Promise<RescoreResult> {
  const p: RescoreProgress = { scanned: 0, rescored: 0, failed: 0, alreadyDone: 0 };

  const observeSla = (portalId: number, decision: Decision, crm: Readonly<Record<string, string | null>> | null, props: Readonly<Record<string, string | null | undefined>>, leads?: PortalFacts['leads']) =>
    o.sla ? o.sla.observe(portalId, decision.contactId, { decision, changes: [], crm, leadStatus: props.hs_lead_status ?? null, leads: leads ?? null }) : Promise.resolve({});

  async function withoutCrm(portalId: number, contact: ScannedContact, diff: ContactDiff): Promise<void> {
    await observeSla(portalId, diff.after, null, contact.snapshot.properties);
    await o.store.recordFunnel(portalId, contact.snapshot.id, funnelFactsOf(diff.after, contact.snapshot.properties, contact.activities));
    await o.store.saveDecision(portalId, diff.after); // last: it marks the contact done
  }

  /** Re-decided on what HubSpot holds now (it may be newer than the snapshot), as the webhook path does. */
  async function throughCrm(crm: NonNullable<RescoreOptions['crm']>, portalId: number, contactId: string): Promise<{ done: Promise<void> } | null> {
    const held = await crm.reader.read(portalId, contactId);
    if (!held) return null;
    await o.store.applyContactChanges(portalId, contactId, Object.entries(held.properties).map(([name, value]) => ({ name, value, at: o.now })), []);
    const loaded = await o.store.loadContact(portalId, contactId);
    if (!loaded) return null;
    const portal: PortalFacts = crm.facts ? { stages: await crm.facts.stages(portalId), leads: await crm.facts.leads(portalId, contactId) } : {};
    const decision = o.candidate.decide(loaded.snapshot, loaded.activities, o.now, portal);
    const slaProperties = await observeSla(portalId, decision, held.properties, loaded.snapshot.properties, portal.leads);
    await o.store.recordFunnel(portalId, contactId, funnelFactsOf(decision, loaded.snapshot.properties, loaded.activities));
    // The decision is recorded once HubSpot has it: a run that dies before then re-scores this contact next time.
    const done = crm.writeBack.submit(portalId, decision, held.properties, slaProperties).then(async () => {
      await o.store.saveDecision(portalId, decision);
    });
    done.catch(() => undefined); // observed once the page's updates are flushed
    return { done };
  }

  const summary = await scanRuleDiff({
    store: o.store,
    current: o.current,
    candidate: o.candidate,
    now: o.now,
    ...(o.portalId !== undefined ? { portalId: o.portalId } : {}),
    ...(o.pageSize !== undefined ? { pageSize: o.pageSize } : {}),
    onPage: async (page) => {
      p.scanned += page.length;
      const changed = await withoutDone(page.filter((x) => x.diff.change !== null));
      const crm = o.crm;
      if (!crm) {
        for (const { contact, diff } of changed) await withoutCrm(contact.portalId, contact, diff);
        p.rescored += changed.length;
      } else {
        // Reads asked for together share batch calls; the page's updates go out as one batch when it is flushed.
        const started = await Promise.allSettled(changed.map(({ contact }) => throughCrm(crm, contact.portalId, contact.snapshot.id)));
        const writes: Array<Promise<void>> = [];
        started.forEach((r, i) => {
          const contact = changed[i]!.contact;
          if (r.status === 'fulfilled') {
            if (r.value) writes.push(r.value.done);
            return;
          }
          p.failed++;
          o.logger.warn('could not re-score contact', { portalId: contact.portalId, contactId: contact.snapshot.id, error: r.reason });
        });
        void crm.writeBack.flushUpdates().catch(() => undefined); // each write's promise carries its own failure
        const outcomes = await Promise.allSettled(writes);
        const failedWrites = outcomes.filter((r) => r.status === 'rejected').length;
        p.failed += failedWrites;
        p.rescored += writes.length - failedWrites;
      }
      o.onProgress?.({ ...p });
    },
  });
  return { summary, ...p };

  /** Drops the contacts an earlier run of this apply already re-scored (their latest decision is the candidate's). */
  async function withoutDone<T extends { contact: ScannedContact }>(changed: T[]): Promise<T[]> {
    const left: T[] = [];
    for (const portalId of new Set(changed.map((x) => x.contact.portalId))) {
      const mine = changed.filter((x) => x.contact.portalId === portalId);
      const hashes = await o.store.latestDecisionHashes(portalId, mine.map((x) => x.contact.snapshot.id));
      for (const x of mine) {
        if (hashes.get(x.contact.snapshot.id) === o.candidate.hash) p.alreadyDone++;
        else left.push(x);
      }
    }
    return left;
  }
}
