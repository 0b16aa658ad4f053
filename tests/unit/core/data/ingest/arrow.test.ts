import { dictionary, int64, list, tableFromArrays, tableToIPC, utf8 } from '@uwdata/flechette';
import * as aq from 'arquero';
import { describe, expect, test } from 'vitest';
import { load, refused, types, values, warningCodes } from './helpers';

describe('Arrow IPC', () => {
  const source = () =>
    aq.table({
      int: [1, 2, null, 4],
      float: [0.5, null, 2.25, -1],
      text: ['a', null, 'c', 'd'],
      flag: [true, false, null, true],
      when: [new Date(Date.UTC(2024, 0, 1)), null, new Date(Date.UTC(2024, 5, 30, 12)), new Date(Date.UTC(1999, 11, 31))],
    });

  test.each(['stream', 'file'] as const)('round trip through arquero, %s format', async (format) => {
    const bytes = source().toArrowIPC({ format });
    const table = await load(bytes, `t.${format === 'file' ? 'arrow' : 'ipc'}`);
    expect(table.rowCount).toBe(4);
    expect(types(table)).toEqual({ int: 'integer', float: 'number', text: 'text', flag: 'boolean', when: 'date' });
    expect(values(table, 'int')).toEqual([1, 2, NaN, 4]);
    expect(values(table, 'float')).toEqual([0.5, NaN, 2.25, -1]);
    expect(values(table, 'text')).toEqual(['a', null, 'c', 'd']);
    expect(values(table, 'flag')).toEqual([true, false, null, true]);
    expect(values(table, 'when')).toEqual(['2024-01-01T00:00:00.000Z', null, '2024-06-30T12:00:00.000Z', '1999-12-31T00:00:00.000Z']);
    expect(table.columns.map((c) => c.info.missing)).toEqual([1, 1, 1, 1, 1]);
    expect(table.description).toBe(`Arrow IPC ${format}, 1 record batch`);
  });

  test('64-bit integers become numbers, with a warning beyond 2^53; dictionaries and lists', async () => {
    const t = tableFromArrays(
      { big: [1n, 2n ** 60n, null], cat: ['x', 'y', 'x'], tags: [['a'], ['b', 'c'], null] },
      { types: { big: int64(), cat: dictionary(utf8()), tags: list(utf8()) } },
    );
    const table = await load(tableToIPC(t, { format: 'file' })!, 'b.feather');
    expect(types(table)).toEqual({ big: 'integer', cat: 'text', tags: 'text' });
    expect(values(table, 'big')).toEqual([1, 2 ** 60, NaN]);
    expect(values(table, 'cat')).toEqual(['x', 'y', 'x']);
    expect(values(table, 'tags')).toEqual(['["a"]', '["b","c"]', null]);
    expect(warningCodes(table)).toEqual(['precision-loss']);
    expect(table.warnings[0].message).toContain('Column "big" has 1 whole number beyond ±9007199254740991 (2^53)');
  });

  test('found by content whatever the name', async () => {
    const table = await load(source().toArrowIPC({ format: 'file' }), 'data.bin');
    expect(table.rowCount).toBe(4);
    expect(warningCodes(table)).toEqual([]);
  });

  test('a truncated file is refused', async () => {
    const bytes = source().toArrowIPC({ format: 'file' });
    expect((await refused(load(bytes.slice(0, bytes.length - 20), 'cut.arrow'))).message).toContain('is an Arrow file that is cut short');
    const stream = source().toArrowIPC({ format: 'stream' });
    expect((await refused(load(stream.slice(0, 100), 'cut.arrow'))).message).toContain('could not be read as an Arrow IPC file');
  });
});
