import { splitByVersions, versionInForce } from '../../../src/domain/contract-versions';
import { commitmentOver, judgeContract, slaByOwner } from '../../../src/domain/judge-contract';

const t = (iso: string) => Date.parse(iso);
const v = (id: number, startsAt: string, commitment: number, minimum = 3) => ({ id, startsAt: t(startsAt), author: `author ${id}`, terms: { monthlyMqlCommitment: commitment, attempts: { minimum } } });
const NOV = { from: t('2026-11-01T00:00:00Z'), to: t('2026-12-01T00:00:00Z') };

describe('splitting a period by contract versions', () => {
  const v1 = v(1, '2026-10-01T00:00:00Z', 200);
  const v2 = v(2, '2026-11-16T00:00:00Z', 300, 2);

  it('cuts November where version 2 starts, each half with the version in force', () => {
    const parts = splitByVersions(NOV.from, NOV.to, [v2, v1], v1);
    expect(parts.map((p) => [new Date(p.from).toISOString(), new Date(p.to).toISOString(), p.version.id])).toEqual([
      ['2026-11-01T00:00:00.000Z', '2026-11-16T00:00:00.000Z', 1],
      ['2026-11-16T00:00:00.000Z', '2026-12-01T00:00:00.000Z', 2],
    ]);
  });

  it('leaves a month whole when the version starts at its first instant or after its end', () => {
    expect(splitByVersions(NOV.from, NOV.to, [v1, v(3, '2026-11-01T00:00:00Z', 250)], v1).map((p) => p.version.id)).toEqual([3]);
    expect(splitByVersions(NOV.from, NOV.to, [v1, v(4, '2026-12-01T00:00:00Z', 250)], v1).map((p) => p.version.id)).toEqual([1]);
  });

  it('judges history older than the first version against the first version, and uses the fallback with no versions', () => {
    expect(versionInForce([v2], t('2026-01-01T00:00:00Z'))?.id).toBe(2);
    // The first version recorded mid-month (leadloop's first start): the whole month is one piece under it.
    expect(splitByVersions(NOV.from, NOV.to, [v(7, '2026-11-10T12:00:00Z', 200)], v1).map((p) => [p.from, p.to, p.version.id])).toEqual([[NOV.from, NOV.to, 7]]);
    expect(splitByVersions(NOV.from, NOV.to, [], v(9, '1970-01-01T00:00:00Z', 1)).map((p) => p.version.id)).toEqual([9]);
  });

  it('lets a later record at the same start replace the earlier one', () => {
    expect(splitByVersions(NOV.from, NOV.to, [v1, v(5, '2026-11-16T00:00:00Z', 300), v(6, '2026-11-16T00:00:00Z', 350)], v1).map((p) => p.version.id)).toEqual([1, 6]);
  });
});

describe('judging a month against the versions in force', () => {
  const v1 = v(1, '2026-10-01T00:00:00Z', 200, 3);
  const v2 = v(2, '2026-11-16T00:00:00Z', 300, 2);
  // 15 days at 200 a month (100) then 15 days at 300 a month (150), worked by hand.
  it('owes 100 + 150 MQLs and counts the MQLs of each half', () => {
    const mqlTimes = ['2026-11-03T10:00:00Z', '2026-11-15T23:59:59Z', '2026-11-16T00:00:00Z', '2026-11-20T12:00:00Z', '2026-12-01T00:00:00Z'].map(t);
    const sla = [
      { ownerId: 'a', openedAt: t('2026-11-10T15:00:00Z'), firstTouchDueAt: t('2026-11-11T15:00:00Z'), firstTouchAt: t('2026-11-10T16:00:00Z'), touches: 2 },
      { ownerId: 'a', openedAt: t('2026-11-20T15:00:00Z'), firstTouchDueAt: t('2026-11-21T15:00:00Z'), firstTouchAt: t('2026-11-22T15:00:00Z'), touches: 2 },
      { ownerId: 'b', openedAt: t('2026-11-25T15:00:00Z'), firstTouchDueAt: t('2026-11-26T15:00:00Z'), firstTouchAt: null, touches: 0 },
    ];
    const parts = judgeContract({ ...NOV, mqlTimes, sla, versions: [v1, v2], fallbackCommitment: 999 });
    expect(parts.map((p) => [p.versionId, p.commitment, p.commitmentForSegment, p.mqlsDelivered])).toEqual([
      [1, 200, 100, 2],
      [2, 300, 150, 2],
    ]);
    // First half: 1 item, touched in time, 2 attempts of the 3 version 1 asks. Second half: 2 items, none in time; the
    // one with 2 attempts meets version 2's minimum of 2.
    expect(parts.map((p) => [p.firstTouchedInTime, p.attemptsKept])).toEqual([
      [{ share: 1, of: 1 }, { share: 0, of: 1 }],
      [{ share: 0, of: 2 }, { share: 0.5, of: 2 }],
    ]);
    expect(commitmentOver(NOV.from, NOV.to, [v1, v2], 999)).toBe(250);
    // The week of 12 Nov: 4 days at 200 and 3 at 300 → 800/30 + 900/30 = 56.67.
    expect(commitmentOver(t('2026-11-12T00:00:00Z'), t('2026-11-19T00:00:00Z'), [v1, v2], 999)).toBeCloseTo(56.667, 2);
    expect(slaByOwner(sla, [v1, v2], 999)).toEqual([
      { ownerId: 'a', items: 2, firstTouchedInTime: { share: 0.5, of: 2 }, attemptsKept: { share: 0.5, of: 2 } },
      { ownerId: 'b', items: 1, firstTouchedInTime: { share: 0, of: 1 }, attemptsKept: { share: 0, of: 1 } },
    ]);
  });
});
