import { describe, it, expect } from 'vitest';
import * as aq from 'arquero';
import type { ParsedTable } from '$src/core/data/columns';
import { ROW_ID } from '$src/core/data/frame';
import type { Frame } from '$src/core/data/frame';
import { CSV_MIME, csvChunks, frameToCsv, quoteField, textField } from '$src/core/data/csv-export';
import { ingestFile } from '$src/core/data/ingest/index';
import { frameOf } from '../../helpers/frames';

const utc = (...args: [number, number, number, number?, number?, number?, number?]) => new Date(Date.UTC(...args));

async function text(blob: Blob): Promise<string> {
  return new TextDecoder().decode(await blob.arrayBuffer());
}

function lines(csv: string): string[] {
  expect(csv.endsWith('\r\n')).toBe(true);
  return csv.slice(0, -2).split('\r\n');
}

async function reread(blob: Blob): Promise<ParsedTable> {
  return ingestFile(blob, { fileName: 'export.csv' });
}

function valuesOf(table: ParsedTable, name: string): unknown[] {
  const column = table.columns.find((c) => c.info.name === name);
  if (!column) throw new Error(`no column ${name}`);
  return Array.from(column.values as ArrayLike<unknown>, (v) => (v instanceof Date ? v.toISOString() : v));
}

describe('quoting (RFC 4180)', () => {
  it('quotes fields with commas, quotes, line breaks or edge white space, doubling quotes', () => {
    expect(quoteField('plain text')).toBe('plain text');
    expect(quoteField('a,b')).toBe('"a,b"');
    expect(quoteField('say "hi"')).toBe('"say ""hi"""');
    expect(quoteField('two\nlines')).toBe('"two\nlines"');
    expect(quoteField('cr\rhere')).toBe('"cr\rhere"');
    expect(quoteField(' lead')).toBe('" lead"');
    expect(quoteField('trail ')).toBe('"trail "');
    expect(quoteField('5\'11"')).toBe('"5\'11"""');
    expect(quoteField('')).toBe('');
  });

  it('writes a header and CRLF-terminated records, never the row id', async () => {
    const frame = frameOf({
      name: { type: 'text', values: ['Ada', 'Smith, John', 'say "hi"', 'two\nlines', '  padded  '] },
      n: { type: 'integer', values: Float64Array.from([1, 2, 3, 4, 5]) },
    });
    const blob = frameToCsv(frame);
    expect(blob.type).toBe(CSV_MIME);
    const csv = await text(blob);
    expect(csv).toBe('name,n\r\nAda,1\r\n"Smith, John",2\r\n"say ""hi""",3\r\n"two\nlines",4\r\n"  padded  ",5\r\n');
    expect(csv).not.toContain(ROW_ID);
    expect(csv).not.toContain('row');
  });
});

describe('formula injection', () => {
  it('prefixes text starting with = + - @ tab or CR with a single quote, but never numbers', async () => {
    const frame = frameOf({
      note: { type: 'text', values: ['=SUM(A1:A9)', '+1', '-5', '@cmd', '\tx', '\rx', 'a=b', '=HYPERLINK("http://x","y")'] },
      value: { type: 'number', values: Float64Array.from([-3, -0.5, -1e-7, 2, -Infinity, 0, -0, 1]) },
    });
    const rows = lines(await text(frameToCsv(frame)));
    expect(rows).toEqual([
      'note,value',
      "'=SUM(A1:A9),-3",
      "'+1,-0.5",
      "'-5,-1e-7",
      "'@cmd,2",
      "'\tx,-Infinity",
      "\"'\rx\",0",
      'a=b,0',
      '"\'=HYPERLINK(""http://x"",""y"")",1',
    ]);
  });

  it('escapes header names too, and can be turned off', async () => {
    const frame = frameOf({ '=cmd': { type: 'text', values: ['-x'] }, '-delta': { type: 'integer', values: Float64Array.from([-2]) } });
    expect(await text(frameToCsv(frame))).toBe("'=cmd,'-delta\r\n'-x,-2\r\n");
    expect(await text(frameToCsv(frame, { escapeFormulas: false }))).toBe('=cmd,-delta\r\n-x,-2\r\n');
    expect(textField('@x')).toBe("'@x");
    expect(textField('@x', false)).toBe('@x');
  });
});

describe('values', () => {
  it('writes missing values as empty cells in every type', async () => {
    const frame = frameOf({
      t: { type: 'text', values: [null, 'x', undefined] },
      x: { type: 'number', values: Float64Array.from([NaN, 1.5, 2]) },
      b: { type: 'boolean', values: [true, null, false] },
      d: { type: 'date', values: [utc(2024, 0, 2), null, new Date(NaN)] },
    });
    expect(lines(await text(frameToCsv(frame)))).toEqual(['t,x,b,d', ',,true,2024-01-02', 'x,1.5,,', ',2,false,']);
  });

  it('writes a lone missing cell as "" so the row is not a blank line', async () => {
    const frame = frameOf({ t: { type: 'text', values: ['a', null, 'c'] } });
    expect(await text(frameToCsv(frame))).toBe('t\r\na\r\n""\r\nc\r\n');
  });

  it('writes numbers in shortest round-trip form, integers without .0', async () => {
    const values = [0.1 + 0.2, 1 / 3, 3, -7, 1e21, 1.5e-10, 123456789012345, 2 ** 53];
    const frame = frameOf({ x: { type: 'number', values: Float64Array.from(values) } });
    const rows = lines(await text(frameToCsv(frame))).slice(1);
    expect(rows).toEqual(['0.30000000000000004', '0.3333333333333333', '3', '-7', '1e+21', '1.5e-10', '123456789012345', '9007199254740992']);
    rows.forEach((r, i) => expect(Number(r)).toBe(values[i]));
  });

  it('writes dates as ISO in UTC, date-only at midnight UTC', async () => {
    const frame = frameOf({
      d: { type: 'date', values: [utc(2024, 2, 1), utc(2024, 2, 1, 12, 30), utc(2024, 2, 1, 0, 0, 0, 123), utc(1969, 11, 31, 23, 59, 59)] },
      // A date column that holds epoch milliseconds (as from some Arrow files).
      ms: { type: 'date', values: Float64Array.from([Date.UTC(2020, 0, 1), Date.UTC(2020, 0, 1, 6), NaN, 0]) },
    });
    expect(lines(await text(frameToCsv(frame)))).toEqual([
      'd,ms',
      '2024-03-01,2020-01-01',
      '2024-03-01T12:30:00Z,2020-01-01T06:00:00Z',
      '2024-03-01T00:00:00.123Z,',
      '1969-12-31T23:59:59Z,1970-01-01',
    ]);
  });
});

describe('round trip through the studio\'s own reader', () => {
  it('gives back the same values and types', async () => {
    const frame = frameOf({
      city: { type: 'text', values: ['Zürich', 'Smith, John', 'say "hi"', 'two\nlines', null, '北京', 'a;b|c\td'] },
      price: { type: 'number', values: Float64Array.from([1.5, -3.25, 0.1 + 0.2, NaN, 1e21, 1.5e-10, -0.001]) },
      count: { type: 'integer', values: Float64Array.from([1, -3, 0, NaN, 9007199254740991, 42, -100]) },
      ok: { type: 'boolean', values: [true, false, null, true, false, true, true] },
      day: { type: 'date', values: [utc(2024, 2, 1), utc(2024, 2, 2), null, utc(2000, 0, 1), utc(2024, 1, 29), utc(1999, 11, 31), utc(2024, 2, 3)] },
      at: { type: 'date', values: [utc(2024, 2, 1, 12, 30), utc(2024, 2, 1, 0, 0, 0, 5), utc(2024, 2, 1), null, utc(2024, 2, 1, 23, 59, 59), utc(2024, 2, 1, 1), utc(2024, 2, 1, 2)] },
    });
    const table = await reread(frameToCsv(frame));
    expect(table.rowCount).toBe(7);
    expect(table.warnings).toEqual([]);
    expect(table.columns.map((c) => [c.info.name, c.info.type])).toEqual(frame.columns.map((c) => [c.name, c.type]));
    for (const column of frame.columns) {
      const expected = Array.from(frame.table.array(column.name) as ArrayLike<unknown>, (v) =>
        v instanceof Date ? v.toISOString() : v === undefined ? null : v,
      );
      expect(valuesOf(table, column.name), column.name).toEqual(expected);
    }
  });

  it('reads formula-escaped text back with its quote (what a spreadsheet shows)', async () => {
    const frame = frameOf({ note: { type: 'text', values: ['=1+1', 'fine', '-x'] } });
    const table = await reread(frameToCsv(frame));
    expect(valuesOf(table, 'note')).toEqual(["'=1+1", 'fine', "'-x"]);
  });
});

describe('selected rows and columns', () => {
  const frame = frameOf(
    {
      a: { type: 'integer', values: Float64Array.from([10, 11, 12, 13, 14]) },
      b: { type: 'text', values: ['v', 'w', 'x', 'y', 'z'] },
      c: { type: 'boolean', values: [true, false, true, false, true] },
    },
    { rowIds: [100, 101, 102, 103, 104] },
  );

  it('writes the given row positions in order, and the given columns in order', async () => {
    expect(await text(frameToCsv(frame, { rows: Int32Array.from([4, 0, 2]) }))).toBe('a,b,c\r\n14,z,true\r\n10,v,true\r\n12,x,true\r\n');
    expect(await text(frameToCsv(frame, { rows: [1], columns: ['c', 'a'] }))).toBe('c,a\r\nfalse,11\r\n');
    expect(await text(frameToCsv(frame, { rows: [] }))).toBe('a,b,c\r\n');
    expect(await text(frameToCsv(frame, { columns: [ROW_ID, 'b'], rows: [3] }))).toBe('b\r\ny\r\n');
  });

  it('follows the table\'s filter and order: positions are of the table as it is', async () => {
    const filtered: Frame = { table: frame.table.filter((d: Record<string, number>) => d.a % 2 === 0).orderby(aq.desc('a')), columns: frame.columns };
    expect(await text(frameToCsv(filtered, { columns: ['a'] }))).toBe('a\r\n14\r\n12\r\n10\r\n');
    expect(await text(frameToCsv(filtered, { columns: ['a'], rows: [1] }))).toBe('a\r\n12\r\n');
  });

  it('refuses unknown columns and rows outside the table', () => {
    expect(() => frameToCsv(frame, { columns: ['nope'] })).toThrow('There is no column "nope" to write.');
    expect(() => frameToCsv(frame, { rows: [5] })).toThrow(RangeError);
    expect(() => frameToCsv(frame, { rows: [-1] })).toThrow(RangeError);
    expect(() => frameToCsv(frame, { rows: [1.5] })).toThrow(RangeError);
  });
});

describe('large frames', () => {
  it('writes 1,000,000 rows in pieces of about 1 MB and reads back the row count', async () => {
    const n = 1_000_000;
    const frame = frameOf({
      id: { type: 'integer', values: Float64Array.from({ length: n }, (_, i) => i) },
      x: { type: 'number', values: Float64Array.from({ length: n }, (_, i) => (i % 97 === 0 ? NaN : i / 7)) },
      label: { type: 'text', values: Array.from({ length: n }, (_, i) => ['alpha', 'beta, gamma', '-delta'][i % 3]) },
    });
    const started = performance.now();
    let pieces = 0;
    let largest = 0;
    for (const piece of csvChunks(frame)) {
      pieces++;
      largest = Math.max(largest, piece.length);
    }
    expect(pieces).toBeGreaterThan(20);
    expect(largest).toBeLessThan((1 << 20) + 200);
    const blob = frameToCsv(frame);
    expect(performance.now() - started).toBeLessThan(15_000);
    expect(blob.size).toBeGreaterThan(30_000_000);
    const head = await text(blob.slice(0, 200));
    expect(head.startsWith('id,x,label\r\n0,,alpha\r\n1,0.14285714285714285,"beta, gamma"\r\n2,0.2857142857142857,\'-delta\r\n')).toBe(true);
    const table = await reread(blob);
    expect(table.rowCount).toBe(n);
    expect(table.columns.map((c) => c.info.type)).toEqual(['integer', 'number', 'text']);
  }, 60_000);

  it('cuts pieces at record ends, with a custom piece size', () => {
    const frame = frameOf({ x: { type: 'integer', values: Float64Array.from({ length: 100 }, (_, i) => i) } });
    const pieces = Array.from(csvChunks(frame, { chunkChars: 50 }));
    expect(pieces.length).toBeGreaterThan(5);
    for (const piece of pieces) expect(piece.endsWith('\r\n')).toBe(true);
    expect(pieces.join('')).toBe(`x\r\n${Array.from({ length: 100 }, (_, i) => `${i}\r\n`).join('')}`);
  });
});
