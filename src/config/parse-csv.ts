import { parse } from 'csv-parse/sync';

/**
 * RFC 4180 records (quoted fields with commas, line breaks and doubled quotes; LF or CRLF; a byte order mark
 * dropped) through csv-parse, the parsing half of the csv-stringify the report writes with. Rows may differ in
 * length (the caller names what is missing); what it would have to guess is refused, naming the line.
 */
export function parseCsv(text: string): string[][] {
  // csv-parse's errors name the line and what it found ("Invalid Closing Quote: got "y" at line 2 …").
  return parse(text, { bom: true, relax_column_count: true }) as string[][];
}
