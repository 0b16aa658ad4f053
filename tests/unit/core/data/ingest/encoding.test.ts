import { describe, expect, test } from 'vitest';
import { firstInvalidUtf8, looksBinary, sniffEncoding } from '$src/core/data/ingest/encoding';
import { column, load, names, refused, utf16, values, warningCodes } from './helpers';

const bytes = (...b: number[]) => Uint8Array.from(b);
const utf8 = (text: string) => new TextEncoder().encode(text);
/** Windows-1252 bytes for text made of Latin-1 letters and €. */
const cp1252 = (text: string) => Uint8Array.from(text, (ch) => (ch === '€' ? 0x80 : ch.charCodeAt(0)));

describe('sniffEncoding', () => {
  test('byte order marks', () => {
    expect(sniffEncoding(bytes(0xef, 0xbb, 0xbf, 0x61))).toEqual({ encoding: 'utf-8', bom: 3, label: 'UTF-8 with BOM' });
    expect(sniffEncoding(bytes(0xff, 0xfe, 0x61, 0))).toMatchObject({ encoding: 'utf-16le', bom: 2 });
    expect(sniffEncoding(bytes(0xfe, 0xff, 0, 0x61))).toMatchObject({ encoding: 'utf-16be', bom: 2 });
    expect(sniffEncoding(utf8('a,b\n'))).toMatchObject({ encoding: 'utf-8', bom: 0, label: 'UTF-8' });
  });

  test('UTF-16 without a BOM, from the zero bytes of ASCII text', () => {
    expect(sniffEncoding(utf16('a,b\n1,2\n', 'le', false)).encoding).toBe('utf-16le');
    expect(sniffEncoding(utf16('a,b\n1,2\n', 'be', false)).encoding).toBe('utf-16be');
  });
});

describe('looksBinary', () => {
  test('NUL bytes outside UTF-16 mean binary', () => {
    const head = bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d);
    expect(looksBinary(head, sniffEncoding(head))).toBe(true);
  });

  test('mostly control characters mean binary', () => {
    const head = Uint8Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? 0x41 : 1 + (i % 7)));
    expect(looksBinary(head, sniffEncoding(head))).toBe(true);
  });

  test('text, Windows-1252 text and UTF-16 text are not binary', () => {
    for (const head of [utf8('a,b\n1,2\n'), cp1252('café,€\n'), utf16('a,b\n', 'le'), utf16('a,b\n', 'be')]) {
      expect(looksBinary(head, sniffEncoding(head))).toBe(false);
    }
  });
});

describe('firstInvalidUtf8', () => {
  test('finds the first byte that is not UTF-8', () => {
    expect(firstInvalidUtf8(utf8('héllo €'))).toBe(10);
    expect(firstInvalidUtf8(bytes(0x61, 0x62, 0xe9, 0x63))).toBe(2);
    expect(firstInvalidUtf8(bytes(0x61, 0xc0, 0x80))).toBe(1); // overlong
    expect(firstInvalidUtf8(bytes(0x61, 0xed, 0xa0, 0x80))).toBe(1); // surrogate
  });

  test('a character cut at either end of a chunk is not an error', () => {
    const euro = utf8('€'); // e2 82 ac
    expect(firstInvalidUtf8(bytes(0x61, euro[0], euro[1]))).toBe(3);
    expect(firstInvalidUtf8(bytes(euro[1], euro[2], 0x61))).toBe(3);
  });
});

describe('ingest encodings', () => {
  test('UTF-8 with BOM: the BOM never reaches the first column name', async () => {
    const table = await load(utf8('\uFEFFid,name\n1,Zoë\n'), 'bom.csv');
    expect(names(table)).toEqual(['id', 'name']);
    expect(values(table, 'name')).toEqual(['Zoë']);
    expect(table.description).toBe('CSV, comma-separated, UTF-8 with BOM');
  });

  test('UTF-16 LE and BE with BOM', async () => {
    for (const endian of ['le', 'be'] as const) {
      const table = await load(utf16('city,temp\nZürich,12.5\nKraków,9\n', endian), `cities-${endian}.csv`);
      expect(names(table)).toEqual(['city', 'temp']);
      expect(values(table, 'city')).toEqual(['Zürich', 'Kraków']);
      expect(values(table, 'temp')).toEqual([12.5, 9]);
      expect(table.description).toBe(`CSV, comma-separated, UTF-16 ${endian.toUpperCase()}`);
    }
  });

  test('Windows-1252: é and € are read correctly, with a warning and a description', async () => {
    const table = await load(cp1252('name,price,note\ncafé,3.5,€ each\ncrème,6,ok\n'), 'old.csv');
    expect(values(table, 'name')).toEqual(['café', 'crème']);
    expect(values(table, 'note')).toEqual(['€ each', 'ok']);
    expect(table.description).toBe('CSV, comma-separated, Windows-1252');
    expect(warningCodes(table)).toEqual(['encoding']);
    expect(table.warnings[0].line).toBe(2);
    expect(table.warnings[0].message).toContain('not valid UTF-8');
  });

  test('a file that stops being UTF-8 far from its start is read again as Windows-1252', async () => {
    const rows = ['id,word'];
    for (let i = 1; i <= 5000; i++) rows.push(`${i},${i === 4000 ? 'na\xefve' : 'plain'}`);
    const text = `${rows.join('\n')}\n`;
    // Many parts, so the bad byte arrives in a later chunk than the first.
    const parts: BlobPart[] = [];
    const all = cp1252(text);
    for (let i = 0; i < all.length; i += 1000) parts.push(all.slice(i, i + 1000));
    const table = await load(parts, 'late.csv');
    expect(table.rowCount).toBe(5000);
    expect(values(table, 'word')[3999]).toBe('naïve');
    expect(table.warnings[0]).toMatchObject({ code: 'encoding', line: 4001 });
  });

  test('Windows-1252 JSON', async () => {
    const table = await load(cp1252('[{"name": "café"}]'), 'old.json');
    expect(values(table, 'name')).toEqual(['café']);
    expect(table.description).toBe('JSON, array of 1 record, Windows-1252');
    expect(warningCodes(table)).toEqual(['encoding']);
  });

  test('UTF-16 JSON Lines', async () => {
    const table = await load(utf16('{"a": 1}\n{"a": 2}\n', 'le'), 'u.jsonl');
    expect(values(table, 'a')).toEqual([1, 2]);
    expect(table.description).toBe('JSON Lines, 2 records, UTF-16 LE');
  });

  test('binary files are refused', async () => {
    const error = await refused(load(bytes(0x50, 0x4b, 3, 4, 20, 0, 6, 0, 8, 0, 0, 0), 'book.xlsx'));
    expect(error.message).toBe(
      '"book.xlsx" does not look like a text file: it contains binary data (it may be a spreadsheet, an image or a compressed file). Save the data as CSV, TSV, JSON, JSON Lines, Arrow or Parquet and load that file.',
    );
  });

  test('empty and whitespace-only files are refused', async () => {
    expect((await refused(load('', 'e.csv'))).message).toContain('"e.csv" is empty');
    expect((await refused(load(' \n\t\n\r\n', 'w.csv'))).message).toContain('"w.csv" is empty');
    expect((await refused(load('  \n', 'w.json'))).message).toContain('"w.json" is empty');
    expect((await refused(load('\n\n', 'w.jsonl'))).message).toContain('"w.jsonl" is empty');
  });

  test('a UTF-8 column is decoded in full', async () => {
    const table = await load('emoji,n\n🙂,1\nñandú,2\n', 'u.csv');
    expect(column(table, 'emoji').values).toEqual(['🙂', 'ñandú']);
  });
});
