import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { Cancelled } from '$src/core/cancellation';
import { load, refused, types, values, warningCodes } from './helpers';

// Written by tests/fixtures/ingest/make-fixtures.mjs (hyparquet-writer): 10 rows in 3 row groups.
const small = readFileSync(join(__dirname, '../../../../fixtures/ingest/small.parquet'));

describe('Parquet', () => {
  test('reads every row group, maps the types and keeps nulls', async () => {
    const table = await load(small, 'small.parquet');
    expect(table.rowCount).toBe(10);
    expect(table.description).toBe('Parquet, 3 row groups');
    expect(types(table)).toEqual({ id: 'integer', score: 'number', name: 'text', active: 'boolean', seen: 'date', big: 'integer' });
    expect(values(table, 'id')).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(values(table, 'score').slice(0, 4)).toEqual([0.5, 1.5, NaN, 3.25]);
    expect(values(table, 'name').slice(2, 5)).toEqual(['cy', null, 'dee']);
    expect(values(table, 'active').slice(3, 6)).toEqual([true, null, false]);
    expect(values(table, 'seen')[9]).toBe('2024-01-10T12:30:00.000Z');
    expect(table.columns.map((c) => c.info.missing)).toEqual([0, 1, 1, 1, 0, 0]);
    expect(warningCodes(table)).toEqual(['precision-loss']);
  });

  test('reports progress and can be cancelled between row groups', async () => {
    const calls: number[] = [];
    await load(small, 'small.parquet', { onProgress: (read, total) => calls.push(read / total) });
    expect(calls.at(-1)).toBe(1);
    const controller = new AbortController();
    const loading = load(small, 'small.parquet', {
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    await expect(loading).rejects.toBeInstanceOf(Cancelled);
  });

  test('a file cut in half is refused', async () => {
    const error = await refused(load(small.subarray(0, small.length >> 1), 'half.parquet'));
    expect(error.message).toContain('"half.parquet" could not be read as Parquet: the file is cut short');
  });

  test('a damaged footer is refused', async () => {
    const damaged = new Uint8Array(small);
    damaged.fill(0x7f, damaged.length - 200, damaged.length - 8);
    const error = await refused(load(damaged, 'bad.parquet'));
    expect(error.message).toContain('"bad.parquet" could not be read as Parquet');
  });

  test('a .parquet file that is not Parquet at all', async () => {
    expect((await refused(load(new Uint8Array([1, 2, 0, 0, 5, 6]), 'x.parquet'))).message).toContain('does not start the way every Parquet file does');
    // Text named .parquet is read as text, and the description says so.
    const table = await load('a,b\n1,2\n', 'x.parquet');
    expect(table.description).toBe('CSV, comma-separated, UTF-8 (the name ends in .parquet, but the content is CSV)');
  });
});
