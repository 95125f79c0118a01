import { parseCsv } from '../../../src/config/parse-csv';

describe('parseCsv (RFC 4180, csv-parse)', () => {
  it('reads plain records, with LF or CRLF, and no record for the trailing line break', () => {
    expect(parseCsv('a,b\r\n1,2\r\n')).toEqual([['a', 'b'], ['1', '2']]);
    expect(parseCsv('a,b\n1,2')).toEqual([['a', 'b'], ['1', '2']]);
  });

  it('keeps empty fields, at the start, middle and end of a record', () => {
    expect(parseCsv(',x,,\n')).toEqual([['', 'x', '', '']]);
  });

  it('reads quoted fields holding commas, line breaks and doubled quotes', () => {
    expect(parseCsv('name,amount\n"Spring, ""launch""\r\nEU",1200\n')).toEqual([['name', 'amount'], ['Spring, "launch"\r\nEU', '1200']]);
    expect(parseCsv('"",""\n')).toEqual([['', '']]);
    expect(parseCsv('a,"b"')).toEqual([['a', 'b']]);
  });

  it('drops a byte order mark', () => {
    expect(parseCsv('\uFEFFmonth,amount\n')).toEqual([['month', 'amount']]);
  });

  it('refuses what it would have to guess, naming the line', () => {
    expect(() => parseCsv('a,b\n1,"open')).toThrow(/opening quote at line 2/);
    expect(() => parseCsv('a,b\n1,"x"y\n')).toThrow(/Invalid Closing Quote: got "y" at line 2/);
    expect(() => parseCsv('a\n\nb,5"\n')).toThrow(/Invalid Opening Quote: a quote is found on field 1 at line 3/);
  });
});
