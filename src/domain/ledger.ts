/** One line of a contact's score: which rule, on what evidence, how many points. The score is their sum. */
export interface LedgerLine {
  ruleId: string;
  kind: 'fit' | 'engagement' | 'cap';
  description: string;
  /** The property value or the event that earned the points, as a person would read it. */
  evidence: string;
  points: number;
  /** When the evidence happened (events) or was seen (properties). */
  at: number;
}

/** Points are kept in hundredths so that a sum of lines equals the score exactly. */
export const toPoints = (hundredths: number): number => hundredths / 100;
export const toHundredths = (points: number): number => Math.round(points * 100);

export function sumLines(lines: readonly LedgerLine[]): number {
  let total = 0;
  for (const line of lines) total += toHundredths(line.points);
  return toPoints(total);
}
