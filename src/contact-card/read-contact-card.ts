import type { CardLedgerLine, CardPayload, CardSla, ScoredCard } from '../card/card-payload';
import { evaluateSla, type SlaTerms } from '../domain/sla-policy';
import { workingHoursBetween } from '../domain/sla-clock';
import { noteKeyOf } from '../domain/note-key';
import type { ContactStore } from '../store/contact-store-port';
import type { CrmWriteStore } from '../store/crm-write-store-port';
import type { RulesVersionStore } from '../store/rules-version-store-port';
import type { SlaStore, StoredSlaItem } from '../store/sla-store-port';

export type CardStore = Pick<ContactStore, 'listDecisions' | 'ledgerOf'> &
  Pick<SlaStore, 'activeSlaItem'> &
  Pick<RulesVersionStore, 'rulesVersionOf'> &
  Pick<CrmWriteStore, 'confirmedNotesOf'>;

const HOUR_MS = 3_600_000;

/** The lines that count most first (by size of their points), the newest first among equals. */
export function byWeight(lines: readonly CardLedgerLine[]): CardLedgerLine[] {
  return [...lines].sort((a, b) => Math.abs(b.points) - Math.abs(a.points) || b.at - a.at);
}

/** The SLA clock as the card shows it at `now`: due times, time left in working hours, attempts, the next notice. */
export function slaOnCard(terms: SlaTerms, item: StoredSlaItem, now: number): CardSla {
  const evaluation = evaluateSla(terms, item, now);
  const upcoming = evaluation.nextCheckAt === null ? [] : evaluateSla(terms, item, evaluation.nextCheckAt).notices.filter((n) => n.at > now);
  const next = upcoming.sort((a, b) => a.at - b.at)[0];
  const attemptsMade = item.touches.filter((t) => t >= item.openedAt && t <= evaluation.attemptsDueAt).length;
  const left = now < evaluation.firstTouchDueAt ? workingHoursBetween(now, evaluation.firstTouchDueAt, terms.calendar, terms.firstTouch.mode) * HOUR_MS : 0;
  return {
    status: item.status === 'closed' ? 'closed' : evaluation.status,
    ownerId: item.ownerId,
    firstTouchDueAt: evaluation.firstTouchDueAt,
    firstTouchAt: item.firstTouchAt,
    workingMsLeft: Math.round(left),
    computedAt: now,
    attemptsMade,
    attemptsRequired: terms.attempts.minimum,
    attemptsDueAt: evaluation.attemptsDueAt,
    next: next ? { kind: next.kind, to: next.to, at: next.at } : null,
    timeZone: terms.calendar.timeZone,
    mode: terms.firstTouch.mode,
  };
}

/**
 * What leadloop knows of one contact of one portal, for the card on its HubSpot record. Every read names the
 * portal: a contact id means nothing outside its portal.
 */
export async function readContactCard(store: CardStore, terms: SlaTerms, portalId: number, contactId: string, now: number): Promise<CardPayload> {
  const decisions = await store.listDecisions(portalId, contactId);
  const last = decisions[decisions.length - 1];
  if (!last) return { portalId, contactId, scored: null };
  const [ledger, item, rules, notes] = await Promise.all([
    store.ledgerOf(portalId, contactId),
    store.activeSlaItem(portalId, contactId),
    store.rulesVersionOf(last.configHash),
    store.confirmedNotesOf(portalId, contactId),
  ]);
  // The note of a stage change is found by the key the write-back recorded it under; null while HubSpot has not
  // confirmed it (pending) or when none was written (HubSpot already showed that stage or a later one).
  const noteIds = new Map(notes.map((n) => [n.key, n.crmId]));
  const scored: ScoredCard = {
    score: last.score,
    fitScore: last.fitScore,
    fitGrade: last.fitGrade,
    engagementScore: last.engagementScore,
    stage: last.stageTo,
    cell: last.cell,
    tactic: last.tactic,
    decidedAt: last.computedAt,
    rulesVersion: last.configHash,
    rulesSince: rules?.appliedAt ?? null,
    ledger: byWeight(ledger.map((l) => ({ kind: l.kind, description: l.description, evidence: l.evidence, points: l.points, at: l.at }))),
    sla: item ? slaOnCard(terms, item, now) : null,
    stages: decisions
      .filter((d) => d.stageChanged)
      .map((d) => ({ from: d.stageFrom, to: d.stageTo, at: d.computedAt, noteId: noteIds.get(noteKeyOf(portalId, contactId, d.stageFrom, d.stageTo)) ?? null }))
      .reverse(),
  };
  return { portalId, contactId, scored };
}
