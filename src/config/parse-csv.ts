/**
 * CSV text to rows, per RFC 4180 (https://www.rfc-editor.org/rfc/rfc4180): fields separated by commas, records by
 * CRLF or LF; a field in double quotes may hold commas, line breaks and doubled quotes (""). Written here because
 * only csv-stringify (no parser) is among leadloop's dependencies. A UTF-8 byte order mark (spreadsheets write one)
 * is dropped; a blank last line is no record. A quote inside an unquoted field, or text after a closing quote, is
 * refused with its line, rather than guessed at.
 */
export function parseCsv(text: string): string[][] {
  const s = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let line = 1;
  let i = 0;
  const endField = () => {
    row.push(field);
    field = '';
  };
  const endRow = () => {
    endField();
    rows.push(row);
    row = [];
  };
  while (i < s.length) {
    const c = s[i]!;
    if (c === '"' && field === '') {
      // A quoted field: up to the lone closing quote.
      const startLine = line;
      i += 1;
      for (;;) {
        if (i >= s.length) throw new SyntaxError(`line ${startLine}: a quoted field is never closed`);
        const q = s[i]!;
        if (q === '"' && s[i + 1] === '"') {
          field += '"';
          i += 2;
        } else if (q === '"') {
          i += 1;
          break;
        } else {
          if (q === '\n') line += 1;
          field += q;
          i += 1;
        }
      }
      const next = s[i];
      if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') throw new SyntaxError(`line ${line}: text after a closing quote`);
      if (next === undefined) break;
      continue;
    }
    if (c === ',') {
      endField();
      i += 1;
    } else if (c === '\r' || c === '\n') {
      endRow();
      i += c === '\r' && s[i + 1] === '\n' ? 2 : 1;
      line += 1;
    } else if (c === '"') {
      throw new SyntaxError(`line ${line}: a quote inside an unquoted field (quote the whole field and double the quote)`);
    } else {
      field += c;
      i += 1;
    }
  }
  // The last record, unless the text ended with a line break.
  if (field !== '' || row.length > 0 || (s.length > 0 && s[s.length - 1] === '"')) endRow();
  return rows;
}
