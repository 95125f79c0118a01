import { csvOf } from '../../../src/report/report-csv';

describe('report CSV', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+SUM(A1)', "'+SUM(A1)"],
    ['-3+3', "'-3+3"],
    ['-5+HYPERLINK("http://evil.example","x")', `"'-5+HYPERLINK(""http://evil.example"",""x"")"`],
    ['@cmd', "'@cmd"],
    ['\t=1+1', "'\t=1+1"],
    ['\r=1+1', `"'\r=1+1"`],
  ])('neutralises %j as text (OWASP: prefix with \')', (value, cell) => {
    expect(csvOf([['key', value]])).toBe(`key,${cell}\n`);
  });

  it('leaves numbers as numbers, negative ones included, and plain text alone', () => {
    expect(csvOf([[-3, 0.25, 42, 'Acme', '', null]])).toBe('-3,0.25,42,Acme,,\n');
  });

  it('quotes commas, quotes and line breaks', () => {
    expect(csvOf([['a,b', 'say "hi"', 'two\nlines']])).toBe('"a,b","say ""hi""","two\nlines"\n');
  });
});
