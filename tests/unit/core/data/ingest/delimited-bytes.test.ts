/**
 * The byte-level parser against the string parser (delimited.ts), which states the rules: the
 * same records, fields and line numbers, or the same error, for random text fed in one piece to
 * the string parser and cut anywhere for the byte parser — inside a multi-byte character, a
 * quoted field, a CRLF.
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { DelimitedParser } from '$src/core/data/ingest/delimited';
import { ByteDelimitedParser, fieldText } from '$src/core/data/ingest/delimited-bytes';

type Row = [string[], number];
type Outcome = Row[] | { error: string };

const encoder = new TextEncoder();

function byStrings(text: string, delimiter: string | null): Outcome {
  const rows: Row[] = [];
  try {
    const parser = new DelimitedParser(delimiter, (fields, line) => rows.push([[...fields], line]), 'test.csv');
    parser.push(text);
    parser.end();
  } catch (error) {
    return { error: (error as Error).message };
  }
  return rows;
}

function byBytes(bytes: Uint8Array, cuts: number[], delimiter: string | null): Outcome {
  const rows: Row[] = [];
  try {
    const parser = new ByteDelimitedParser(
      delimiter,
      (record, line) => rows.push([Array.from({ length: record.count }, (_, f) => fieldText(record, f)), line]),
      'test.csv',
    );
    let from = 0;
    for (const cut of [...cuts, bytes.length]) {
      parser.push(bytes.subarray(from, cut));
      from = cut;
    }
    parser.end();
  } catch (error) {
    return { error: (error as Error).message };
  }
  return rows;
}

const PIECES = ['a', 'b7', ' ', '  ', '\t', ',', ';', '|', '"', '""', '\n', '\r\n', '\r', 'é', '€', '😀', '1,5', '-0.50', 'x"y', '\ufeff', '\u00a0'];
const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 60 }).map((parts) => parts.join(''));
const delimiter = fc.constantFrom<string | null>(',', ';', '\t', '|', ' ', null);

describe('ByteDelimitedParser', () => {
  test('gives what the string parser gives, with the bytes cut anywhere', () => {
    fc.assert(
      fc.property(text, delimiter, fc.array(fc.nat(), { maxLength: 6 }), (t, d, raw) => {
        const bytes = encoder.encode(t);
        const cuts = [...new Set(raw.map((c) => c % (bytes.length + 1)))].sort((x, y) => x - y);
        expect(byBytes(bytes, cuts, d)).toEqual(byStrings(t, d));
      }),
      { numRuns: 2000 },
    );
  });

  test('one cut at every position of quoted, multi-byte, CR/CRLF text', () => {
    const sample = 'name,note\r\n"Zoë ""Z""",a€b\r"line\r\nbreak",😀\n  "pad" ,"x"y\r\n,\n"end"';
    const bytes = encoder.encode(sample);
    const expected = byStrings(sample, ',');
    expect(expected).toEqual([
      [['name', 'note'], 1],
      [['Zoë "Z"', 'a€b'], 2],
      [['line\r\nbreak', '😀'], 3],
      [['pad ', 'xy'], 5],
      [['', ''], 6],
      [['end'], 7],
    ]);
    for (let cut = 0; cut <= bytes.length; cut++) expect(byBytes(bytes, [cut], ','), `cut at ${cut}`).toEqual(expected);
  });

  test('a quote that never closes names the line where it opened, whatever the chunks', () => {
    const sample = 'a,b\n1,2\n3,"open\n4,5\n';
    const bytes = encoder.encode(sample);
    const expected = byStrings(sample, ',');
    expect(expected).toEqual({ error: expect.stringContaining('starts on line 3 but never closes') });
    for (let cut = 0; cut <= bytes.length; cut++) expect(byBytes(bytes, [cut], ',')).toEqual(expected);
  });
});
