/**
 * One CSV cell (RFC 4180 quoting). A text cell a spreadsheet would read as a formula (= + - @, or a tab or carriage
 * return before one) is prefixed with ' (OWASP's advice on CSV injection); numbers are written as numbers.
 */
export function csvCell(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v !== 'string') return String(v);
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const csvRow = (cells: ReadonlyArray<string | number | boolean | null | undefined>): string => cells.map(csvCell).join(',');
