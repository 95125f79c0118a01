import type { ContactSnapshot } from './contact-activity';
import { sumLines, type LedgerLine } from './ledger';
import { compilePropertyMatch, type PropertyMatcher } from './match-property';
import type { Grade, ScoringRules } from './scoring-rules';

export interface FitResult {
  score: number;
  grade: Grade;
  target: boolean;
  lines: LedgerLine[];
}

export type FitScorer = (contact: ContactSnapshot, now: number) => FitResult;

export function gradeOf(score: number, grades: ScoringRules['fit']['grades']): Grade {
  if (score >= grades.A) return 'A';
  if (score >= grades.B) return 'B';
  if (score >= grades.C) return 'C';
  return 'D';
}

export function compileFitScorer(fit: ScoringRules['fit']): FitScorer {
  const rules = fit.rules.map((rule) => ({ rule, matches: compilePropertyMatch(rule.match) as PropertyMatcher }));
  const targetGrades = new Set<Grade>(fit.targetGrades);
  return (contact, now) => {
    const lines: LedgerLine[] = [];
    for (const { rule, matches } of rules) {
      const value = contact.properties[rule.property];
      if (!matches(value)) continue;
      lines.push({
        ruleId: rule.id,
        kind: 'fit',
        description: rule.description,
        evidence: value === undefined || value === null || value === '' ? `${rule.property} is empty` : `${rule.property} = "${value}"`,
        points: rule.points,
        at: now,
      });
    }
    const score = sumLines(lines);
    const grade = gradeOf(score, fit.grades);
    return { score, grade, target: targetGrades.has(grade), lines };
  };
}
