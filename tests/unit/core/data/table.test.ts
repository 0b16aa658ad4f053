import { describe, it, expect } from 'vitest';
import * as aq from 'arquero';
import { toArqueroTable, encodeChunks, decodeChunks, formatRows, formatCell, TableAssembler, tableChunks } from '$src/core/data/table';
import type { ParsedTable } from '$src/core/data/columns';

function parsed(rows: number): ParsedTable {
  const x = new Float64Array(rows);
  const s: (string | null)[] = [];
  const b: (boolean | null)[] = [];
  const d: (Date | null)[] = [];
  for (let i = 0; i < rows; i++) {
    x[i] = i % 7 === 0 ? NaN : i * 0.5;
    s.push(i % 5 === 0 ? null : `v${i % 3}`);
    b.push(i % 4 === 0 ? null : i % 2 === 0);
    d.push(i % 6 === 0 ? null : new Date(Date.UTC(2020, 0, 1 + (i % 300))));
  }
  return {
    rowCount: rows,
    description: 'test',
    warnings: [],
    columns: [
      { info: { name: 'x', type: 'number', missing: 0 }, values: x },
      { info: { name: 's', type: 'text', missing: 0 }, values: s },
      { info: { name: 'b', type: 'boolean', missing: 0 }, values: b },
      { info: { name: 'd', type: 'date', missing: 0 }, values: d },
    ],
  };
}

describe('tables and stored chunks', () => {
  it('keeps the column order of the file', () => {
    const table = toArqueroTable(parsed(3));
    expect(table.columnNames()).toEqual(['x', 's', 'b', 'd']);
  });

  it('round-trips every value and missing cell through Arrow IPC chunks', () => {
    const source = parsed(1000);
    const table = toArqueroTable(source);
    const chunks = encodeChunks(table, 300);
    expect(chunks).toHaveLength(4);
    const restored = decodeChunks(chunks);
    expect(restored.numRows()).toBe(1000);
    for (const column of source.columns) {
      const get = restored.getter(column.info.name);
      for (let i = 0; i < 1000; i++) {
        const expected = column.values[i];
        const actual = get(i);
        if (expected instanceof Date) expect((actual as Date).getTime()).toBe(expected.getTime());
        else if (typeof expected === 'number' && Number.isNaN(expected)) expect(actual).toBeNaN();
        else expect(actual).toBe(expected);
      }
    }
  });

  it('joins each column into one array: a typed array where the chunks hold one', () => {
    const source = parsed(1000);
    const restored = decodeChunks(encodeChunks(toArqueroTable(source), 300));
    expect(restored.column('x')).toBeInstanceOf(Float64Array);
    expect(Array.isArray(restored.column('s'))).toBe(true);
    expect(restored.columnNames()).toEqual(['x', 's', 'b', 'd']);
  });

  it('assembles chunks added one at a time, and says when they disagree with the row count', () => {
    const source = toArqueroTable(parsed(700));
    const chunks = tableChunks(source, 256);
    expect(chunks.count).toBe(3);
    const assembler = new TableAssembler(700);
    for (let i = 0; i < chunks.count; i++) assembler.add(chunks.chunk(i));
    const table = assembler.finish();
    expect(table.column('x')).toBeInstanceOf(Float64Array);
    expect(table.array('s')).toEqual(source.array('s'));
    expect(table.array('d')).toEqual(source.array('d'));
    expect(table.array('b')).toEqual(source.array('b'));
    expect(Array.from(table.array('x') as Float64Array)).toEqual(Array.from(source.array('x') as Float64Array));

    const short = new TableAssembler(701);
    for (let i = 0; i < chunks.count; i++) short.add(chunks.chunk(i));
    expect(() => short.finish()).toThrow('A stored dataset holds 700 rows, not the 701 its record says.');
    const long = new TableAssembler(500);
    long.add(chunks.chunk(0));
    expect(() => long.add(chunks.chunk(1))).toThrow('more rows than its 500');
  });

  it('encodes each chunk exactly as a slice of the table would be encoded', () => {
    const table = toArqueroTable(parsed(700));
    const chunks = tableChunks(table, 256);
    for (let i = 0; i < chunks.count; i++) {
      expect(chunks.chunk(i)).toEqual(table.slice(i * 256, Math.min(700, (i + 1) * 256)).toArrowIPC());
    }
  });

  it('turns a typed column into a plain array when a later chunk holds other values', () => {
    const assembler = new TableAssembler(4);
    assembler.addTable(aq.table({ v: Float64Array.from([1, 2]) }));
    assembler.addTable(aq.table({ v: [3, null] }));
    expect(assembler.finish().array('v')).toEqual([1, 2, 3, null]);
  });

  it('stores an empty table as one chunk', () => {
    const empty = toArqueroTable({ rowCount: 0, description: '', warnings: [], columns: [{ info: { name: 'a', type: 'text', missing: 0 }, values: [] }] });
    const chunks = encodeChunks(empty);
    expect(chunks).toHaveLength(1);
    expect(decodeChunks(chunks).numRows()).toBe(0);
  });

  it('formats a window of rows as text with null for missing values', () => {
    const source = parsed(20);
    const table = toArqueroTable(source);
    const rows = formatRows(table, source.columns.map((c) => c.info), 5, 3);
    expect(rows).toEqual([
      ['2.5', null, 'false', '2020-01-06'],
      ['3', 'v0', 'true', null],
      [null, 'v1', 'false', '2020-01-08'],
    ]);
    expect(formatRows(table, source.columns.map((c) => c.info), 18, 10)).toHaveLength(2);
  });

  it('shows numbers with six significant digits and timestamps in ISO form', () => {
    const info = { name: 'n', type: 'number' as const, missing: 0 };
    expect(formatCell(1 / 3, info)).toBe('0.333333');
    expect(formatCell(12345678.9, info)).toBe('12345700');
    expect(formatCell(new Date(Date.UTC(2021, 2, 4, 5, 6, 7)), { ...info, type: 'date' })).toBe('2021-03-04T05:06:07Z');
  });
});
