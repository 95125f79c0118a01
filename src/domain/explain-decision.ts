import type { DecisionData } from './decide';
import { stageLabel } from './lifecycle-stage';
import type { MatrixCell, ScoringRules } from './scoring-rules';

const CELL_LABELS: Record<MatrixCell, string> = {
  readyTarget: 'ready to buy × target profile',
  readyNotTarget: 'ready to buy × not target profile',
  notReadyTarget: 'not ready yet × target profile',
  notReadyNotTarget: 'not ready yet × not target profile',
};

const label = stageLabel;
const signed = (n: number) => (n >= 0 ? `+${n}` : `${n}`);

/** The note a salesperson reads: what changed, why, the points behind it, and what to do next. */
export function explainDecision(d: DecisionData, rules: ScoringRules): string {
  const out: string[] = [];
  out.push(
    d.stage.changed
      ? `leadloop moved this contact from ${label(d.stage.from)} to ${label(d.stage.to)}.`
      : `leadloop reviewed this contact: lifecycle stage ${label(d.stage.to)} (unchanged).`,
  );
  out.push(`Why: ${d.stage.reason}.`);
  out.push(`Score ${d.score} = fit ${d.fit.score} (grade ${d.fit.grade}${d.fit.target ? ', target profile' : ''}) + engagement ${d.engagement.score}; MQL threshold ${rules.mqlThreshold}.`);
  if (d.engagement.readyReasons.length > 0) out.push(`Ready to buy: ${d.engagement.readyReasons.join('; ')}.`);
  out.push('');
  const section = (title: string, kinds: string[]) => {
    const lines = d.ledger.filter((l) => kinds.includes(l.kind));
    out.push(`${title}:`);
    if (lines.length === 0) out.push('  (no rule applied)');
    for (const l of lines) out.push(`  ${signed(l.points).padStart(7)}  ${l.description} (${l.evidence})`);
  };
  section(`Fit, grade ${d.fit.grade}`, ['fit']);
  section('Engagement', ['engagement', 'cap']);
  out.push('');
  out.push(`Qualification matrix: ${CELL_LABELS[d.cell]} → ${d.tactic.name}.`);
  out.push(`Next: ${d.tactic.description}`);
  return out.join('\n');
}
