import { commitmentFor, splitByVersions, versionInForce, type ContractVersion } from './contract-versions';

/** What the report needs of an SLA item to judge it: its owner, when it opened, its deadline and first touch, its touches. */
export interface JudgedSlaRow {
  ownerId: string | null;
  openedAt: number;
  firstTouchDueAt: number;
  firstTouchAt: number | null;
  touches: number;
}

type Share = { share: number | null; of: number };

/** One stretch of a period under one contract version: what it asked, what was delivered and kept. */
export interface ContractSegmentReport {
  from: string;
  to: string;
  /** null when no version was ever recorded (the live config/sla.json is the judge). */
  versionId: number | null;
  versionStartsAt: string | null;
  author: string | null;
  commitment: number;
  commitmentForSegment: number;
  mqlsDelivered: number;
  firstTouchedInTime: Share;
  /** Items with at least the version's minimum of attempts. */
  attemptsKept: Share;
  attemptsMinimum: number | null;
}

export interface OwnerSla {
  ownerId: string | null;
  items: number;
  firstTouchedInTime: Share;
  attemptsKept: Share;
}

const ratio = (a: number, b: number) => (b === 0 ? null : Math.round((a / b) * 1000) / 1000);
const round1 = (v: number) => Math.round(v * 10) / 10;
const iso = (t: number) => new Date(t).toISOString();

type Judge = Pick<ContractVersion, 'id' | 'startsAt' | 'author'> & { terms: { monthlyMqlCommitment: number; attempts?: { minimum: number } } };

/** A version-shaped judge when none is recorded: the commitment leadloop runs with, from the beginning of time. */
const fallbackOf = (commitment: number): Judge => ({ id: -1, startsAt: Number.NEGATIVE_INFINITY, author: '', terms: { monthlyMqlCommitment: commitment } });

function shares(rows: readonly JudgedSlaRow[], versions: readonly Judge[], fallback: Judge) {
  const inTime = rows.filter((s) => s.firstTouchAt !== null && s.firstTouchAt <= s.firstTouchDueAt).length;
  // Each item is held to the minimum of the version in force when it opened.
  const minimumOf = (s: JudgedSlaRow) => (versionInForce(versions, s.openedAt) ?? fallback).terms.attempts?.minimum;
  const judged = rows.filter((s) => minimumOf(s) !== undefined);
  const kept = judged.filter((s) => s.touches >= minimumOf(s)!).length;
  return { firstTouchedInTime: { share: ratio(inTime, rows.length), of: rows.length }, attemptsKept: { share: ratio(kept, judged.length), of: judged.length } };
}

/**
 * The period cut where the contract changed, each piece judged against the version in force over it: MQLs against its
 * commitment (pro rata), first touch against the deadline set when each lead opened, attempts against its minimum.
 */
export function judgeContract(i: { from: number; to: number; mqlTimes: readonly number[]; sla: readonly JudgedSlaRow[]; versions: readonly Judge[]; fallbackCommitment: number }): ContractSegmentReport[] {
  const fallback = fallbackOf(i.fallbackCommitment);
  return splitByVersions(i.from, i.to, i.versions, fallback).map((seg) => {
    const inSeg = (t: number) => t >= seg.from && t < seg.to;
    const known = seg.version.id !== -1;
    const rows = i.sla.filter((s) => inSeg(s.openedAt));
    return {
      from: iso(seg.from),
      to: iso(seg.to),
      versionId: known ? seg.version.id : null,
      versionStartsAt: known ? iso(seg.version.startsAt) : null,
      author: known ? seg.version.author : null,
      commitment: seg.version.terms.monthlyMqlCommitment,
      commitmentForSegment: round1(commitmentFor(seg.version.terms.monthlyMqlCommitment, seg.from, seg.to)),
      mqlsDelivered: i.mqlTimes.filter(inSeg).length,
      ...shares(rows, i.versions, fallback),
      attemptsMinimum: seg.version.terms.attempts?.minimum ?? null,
    };
  });
}

/** The commitment owed over [from, to) when the contract may change inside it (a week that straddles a change). */
export function commitmentOver(from: number, to: number, versions: readonly Judge[], fallbackCommitment: number): number {
  return splitByVersions(from, to, versions, fallbackOf(fallbackCommitment)).reduce((n, s) => n + commitmentFor(s.version.terms.monthlyMqlCommitment, s.from, s.to), 0);
}

/** SLA kept by owner: first touch in time, attempts kept (each item against the version in force when it opened). */
export function slaByOwner(rows: readonly JudgedSlaRow[], versions: readonly Judge[], fallbackCommitment: number): OwnerSla[] {
  const fallback = fallbackOf(fallbackCommitment);
  const byOwner = new Map<string | null, JudgedSlaRow[]>();
  for (const r of rows) byOwner.set(r.ownerId, [...(byOwner.get(r.ownerId) ?? []), r]);
  return [...byOwner]
    .map(([ownerId, list]) => ({ ownerId, items: list.length, ...shares(list, versions, fallback) }))
    .sort((a, b) => b.items - a.items || String(a.ownerId).localeCompare(String(b.ownerId)));
}
