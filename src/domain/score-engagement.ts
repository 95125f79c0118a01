import { decayFactor } from './decay';
import { sumLines, toHundredths, toPoints, type LedgerLine } from './ledger';
import { describeActivity, matchingActivities, type ActivityIndex } from './match-activity';
import type { ScoringRules } from './scoring-rules';

export interface EngagementResult {
  score: number;
  lines: LedgerLine[];
}

/**
 * Each matching activity earns its rule's points, decayed by age (half-life). A group's positive total is
 * capped; the cap is a ledger line of its own, so the ledger always sums to the score.
 */
export function scoreEngagement(engagement: ScoringRules['engagement'], activities: ActivityIndex, now: number): EngagementResult {
  const lines: LedgerLine[] = [];
  const groupTotals = new Map<string, number>();
  for (const rule of engagement.rules) {
    for (const activity of matchingActivities(rule.event, activities)) {
      const points = toPoints(toHundredths(rule.points * decayFactor(now - activity.at, engagement.halfLifeDays)));
      if (points === 0) continue;
      lines.push({ ruleId: rule.id, kind: 'engagement', description: rule.description, evidence: describeActivity(activity), points, at: activity.at });
      if (rule.group !== undefined) groupTotals.set(rule.group, (groupTotals.get(rule.group) ?? 0) + toHundredths(points));
    }
  }
  for (const [group, total] of groupTotals) {
    const cap = engagement.groupCaps[group];
    if (cap === undefined || total <= toHundredths(cap)) continue;
    lines.push({
      ruleId: `cap:${group}`,
      kind: 'cap',
      description: `"${group}" points are capped at ${cap}`,
      evidence: `${toPoints(total)} points earned in "${group}"`,
      points: toPoints(toHundredths(cap) - total),
      at: now,
    });
  }
  return { score: sumLines(lines), lines };
}
