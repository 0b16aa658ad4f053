import { describe, expect, test } from 'vitest';
import { IngestError } from '$src/core/data/columns';
import { DelimitedParser } from '$src/core/data/ingest/delimited';

type Row = [string[], number];

function parse(chunks: string[], delimiter: string | null = ','): Row[] {
  const rows: Row[] = [];
  const parser = new DelimitedParser(delimiter, (fields, line) => rows.push([[...fields], line]), 'test.csv');
  for (const chunk of chunks) parser.push(chunk);
  parser.end();
  return rows;
}

describe('DelimitedParser', () => {
  test('splits records and fields, with the line each record starts on', () => {
    expect(parse(['a,b\n1,2\n3,4'])).toEqual([
      [['a', 'b'], 1],
      [['1', '2'], 2],
      [['3', '4'], 3],
    ]);
  });

  test('RFC 4180 quoting: delimiters, doubled quotes and newlines inside quotes', () => {
    expect(parse(['id,text\n1,"a, b"\n2,"say ""hi"""\n3,"line one\nline two"\n4,end\n'])).toEqual([
      [['id', 'text'], 1],
      [['1', 'a, b'], 2],
      [['2', 'say "hi"'], 3],
      [['3', 'line one\nline two'], 4],
      [['4', 'end'], 6],
    ]);
  });

  test('CRLF, LF and lone CR line endings, also inside quotes', () => {
    expect(parse(['a,b\r\n1,2\r3,4\n5,"x\r\ny"\r\n6,7'])).toEqual([
      [['a', 'b'], 1],
      [['1', '2'], 2],
      [['3', '4'], 3],
      [['5', 'x\r\ny'], 4],
      [['6', '7'], 6],
    ]);
  });

  test('skips blank lines but keeps counting them', () => {
    expect(parse(['a\n\n   \n1\n\r\n2\n'], null)).toEqual([
      [['a'], 1],
      [['1'], 4],
      [['2'], 6],
    ]);
  });

  test('keeps a stray quote inside an unquoted field, and text after a closing quote', () => {
    expect(parse(['5\'11",x\n"ab"cd,y\n'])).toEqual([
      [['5\'11"', 'x'], 1],
      [['abcd', 'y'], 2],
    ]);
  });

  test('allows spaces before an opening quote', () => {
    expect(parse(['a, "b, c", d\n'])).toEqual([[['a', 'b, c', ' d'], 1]]);
  });

  test('an empty last field, with and without a final newline', () => {
    expect(parse(['a,b,\n1,2,'])).toEqual([
      [['a', 'b', ''], 1],
      [['1', '2', ''], 2],
    ]);
  });

  test('a quote that never closes is an error naming the line where it opened', () => {
    let error: unknown;
    try {
      parse(['id,text\n1,ok\n2,"open\n3,more\n4,end\n']);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(IngestError);
    expect((error as IngestError).line).toBe(3);
    expect((error as IngestError).message).toContain('a quoted field starts on line 3 but never closes');
    expect((error as IngestError).message).toContain('"test.csv"');
  });

  test('gives the same records however the text is cut into chunks', () => {
    const text = 'h1,h2,h3\r\n"a\r\nb",2,"c""d"\r\n\r\nx,"",z\ry,"q\rr",\n"last",1,2';
    const whole = parse([text]);
    expect(whole.map((r) => r[1])).toEqual([1, 2, 5, 6, 8]);
    for (let cut = 1; cut < text.length; cut++) {
      expect(parse([text.slice(0, cut), text.slice(cut)]), `cut at ${cut}`).toEqual(whole);
    }
    expect(parse(Array.from(text))).toEqual(whole);
  });

  test('reports the line it has reached', () => {
    const parser = new DelimitedParser(',', () => undefined, 'x.csv');
    parser.push('a\n"b\nc"\nd');
    expect(parser.currentLine).toBe(4);
  });
});
