import { describe, expect, it } from 'vitest';
import { CsvParser, csvLine } from './csv';

function parseAll(text: string, chunkSize = text.length): string[][] {
  const parser = new CsvParser();
  const out: string[][] = [];
  for (let i = 0; i < text.length; i += Math.max(1, chunkSize))
    parser.push(text.slice(i, i + chunkSize), out);
  parser.end(out);
  return out;
}

describe('CsvParser', () => {
  it('splits plain lines with CRLF or LF endings', () => {
    expect(parseAll('a,b,c\r\n1,2,3\n4,,6\r\n')).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
      ['4', '', '6'],
    ]);
  });

  it('reads the last record without a line break', () => {
    expect(parseAll('a,b\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('handles quoted fields with delimiters, doubled quotes and line breaks', () => {
    const text = 'name,note\r\n"李,娜","说""你好"""\r\n"多\r\n行",x\r\n"",""\r\n';
    expect(parseAll(text)).toEqual([
      ['name', 'note'],
      ['李,娜', '说"你好"'],
      ['多\r\n行', 'x'],
      ['', ''],
    ]);
  });

  it('keeps a quote in the middle of an unquoted field as it is', () => {
    expect(parseAll('a 5" b,c\n')).toEqual([['a 5" b', 'c']]);
  });

  it('gives the same records however the text is cut into chunks', () => {
    const text = 'h1,h2,h3\r\n"a\r\n""b""",c,d\r\n1,2,3\r\n"x,y",,"z"\r\nlast,"q",r';
    const whole = parseAll(text);
    for (const size of [1, 2, 3, 5, 7, 11]) expect(parseAll(text, size)).toEqual(whole);
    expect(whole).toHaveLength(5);
  });

  it('takes the rest of the input into an unterminated quoted field', () => {
    expect(parseAll('a,"b\nc')).toEqual([['a', 'b\nc']]);
  });

  it('sniffs a tab-separated file from its first line', () => {
    expect(parseAll('姓名\t性别\n李娜\t女\n')).toEqual([
      ['姓名', '性别'],
      ['李娜', '女'],
    ]);
  });

  it('keeps commas as the delimiter when the first line has them', () => {
    expect(parseAll('a,b\tc\n')).toEqual([['a', 'b\tc']]);
  });
});

describe('csvLine', () => {
  it('quotes only what needs quoting and reads back the same', () => {
    const values = ['plain', 'with,comma', 'with "quote"', 'two\nlines', null, 7];
    const line = csvLine(values);
    expect(line).toBe('plain,"with,comma","with ""quote""","two\nlines",,7\r\n');
    expect(parseAll(line)).toEqual([['plain', 'with,comma', 'with "quote"', 'two\nlines', '', '7']]);
  });
});
