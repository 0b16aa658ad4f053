import { describe, it, expect } from 'vitest';
import * as aq from 'arquero';
import { profileFrame } from '$src/core/data/profile/index';
import type { CategoricalColumnProfile, DateColumnProfile, NumericColumnProfile } from '$src/core/data/profile/index';
import { columnValues, readCategorical, readNumeric, topValues } from '$src/core/data/profile/column';
import { decodeChunks, encodeChunks } from '$src/core/data/table';
import { columnNamed, frameOf } from './helpers';

async function profileOf(type: 'number' | 'integer' | 'text' | 'boolean' | 'date', values: (number | string | boolean | Date | null)[]) {
  const profile = await profileFrame(frameOf({ c: { type, values } }));
  return columnNamed(profile.columns, 'c');
}

describe('number columns', () => {
  it('describes values with missing cells left out', async () => {
    // present: 3.5, -1, 7, 2, 2, 10.25, 0, 4 (as in the numpy example); missing: null, NaN
    const c = (await profileOf('number', [3.5, null, -1, 7, 2, NaN, 2, 10.25, 0, 4])) as NumericColumnProfile;
    expect(c.type).toBe('number');
    expect(c.count).toBe(8);
    expect(c.missing).toBe(2);
    expect(c.missingShare).toBe(0.2);
    expect(c.distinct).toBe(7);
    expect(c.min).toBe(-1);
    expect(c.max).toBe(10.25);
    expect(c.mean).toBe(3.46875);
    expect(c.std).toBeCloseTo(3.6850021806545206, 14);
    expect(c.q1).toBe(1.5);
    expect(c.median).toBe(2.75);
    expect(c.q3).toBe(4.75);
    expect(c.histogram.reduce((s, b) => s + b.count, 0)).toBe(8);
    expect(c.histogram[0].x0).toBeLessThanOrEqual(-1);
    expect(c.histogram[c.histogram.length - 1].x1).toBeGreaterThanOrEqual(10.25);
    expect(c.spark.map((b) => b.count)).toEqual(c.histogram.map((b) => b.count));
    expect(c.summary).toBe('mean 3.469, from -1 to 10.25; 2 missing');
  });

  it('counts ±Infinity as missing', async () => {
    const c = (await profileOf('number', [1, Infinity, -Infinity, 3])) as NumericColumnProfile;
    expect(c.count).toBe(2);
    expect(c.missing).toBe(2);
    expect(c.mean).toBe(2);
  });

  it('gives nulls, not NaN, for a column without values', async () => {
    const c = (await profileOf('number', [null, null, NaN])) as NumericColumnProfile;
    expect(c).toMatchObject({ count: 0, missing: 3, missingShare: 1, distinct: 0, min: null, max: null, mean: null, std: null, median: null, histogram: [], summary: 'no values; 3 missing' });
  });
});

describe('integer columns', () => {
  it('describes integers with one bar per value', async () => {
    const c = (await profileOf('integer', [1, 2, 2, 3, null, 5])) as NumericColumnProfile;
    expect(c).toMatchObject({ type: 'integer', count: 5, missing: 1, distinct: 4, min: 1, max: 5, mean: 2.6, q1: 2, median: 2, q3: 3 });
    // squared deviations from 2.6: 2.56 + 0.36 + 0.36 + 0.16 + 5.76 = 9.2
    expect(c.std).toBeCloseTo(Math.sqrt(9.2 / 4), 15);
    expect(c.histogram.map((b) => b.count)).toEqual([1, 2, 1, 0, 1]);
    expect(c.spark.map((b) => b.label)).toEqual(['1', '2', '3', '4', '5']);
  });

  it('reads BigInt values (Arrow int64) as numbers', () => {
    const data = readNumeric([1n, null, 3n], false);
    expect(Array.from(data.values)).toEqual([1, NaN, 3]);
    expect(data.present).toBe(2);
  });
});

describe('text and boolean columns', () => {
  it('lists top values with counts, most frequent first, ties by value', async () => {
    const c = (await profileOf('text', ['b', 'a', null, 'c', 'a', 'b', 'a', 'd'])) as CategoricalColumnProfile;
    expect(c).toMatchObject({ type: 'text', count: 7, missing: 1, distinct: 4, distinctExact: true, other: 0 });
    expect(c.top).toEqual([
      { value: 'a', count: 3 },
      { value: 'b', count: 2 },
      { value: 'c', count: 1 },
      { value: 'd', count: 1 },
    ]);
    expect(c.summary).toBe('4 values; most often “a” (43%); 1 missing');
  });

  it('keeps the 20 most frequent values and counts the rest as other', async () => {
    const values: string[] = [];
    for (let v = 0; v < 30; v++) for (let k = 0; k <= v; k++) values.push(`v${String(v).padStart(2, '0')}`);
    const c = (await profileOf('text', values)) as CategoricalColumnProfile;
    expect(c.distinct).toBe(30);
    expect(c.top).toHaveLength(20);
    expect(c.top[0]).toEqual({ value: 'v29', count: 30 });
    expect(c.top[19]).toEqual({ value: 'v10', count: 11 });
    // v00 … v09 hold 1 + 2 + … + 10 = 55 cells
    expect(c.other).toBe(55);
    // the sparkline: 8 values, then the rest
    expect(c.spark).toHaveLength(9);
    expect(c.spark[8]).toEqual({ label: 'other', count: values.length - (30 + 29 + 28 + 27 + 26 + 25 + 24 + 23) });
  });

  it('describes booleans as true/false counts', async () => {
    const c = (await profileOf('boolean', [true, false, true, null, true])) as CategoricalColumnProfile;
    expect(c).toMatchObject({ type: 'boolean', count: 4, missing: 1, distinct: 2 });
    expect(c.top).toEqual([
      { value: 'true', count: 3 },
      { value: 'false', count: 1 },
    ]);
  });

  it('stops tracking new values past the cap and says the distinct count is a lower bound', () => {
    const data = readCategorical(['a', 'b', 'c', 'a', 'd', 'e', null], 3);
    expect(data.labels).toEqual(['a', 'b', 'c']);
    expect(data.capped).toBe(true);
    expect(data.present).toBe(6);
    expect(Array.from(data.codes)).toEqual([0, 1, 2, 0, -2, -2, -1]);
  });

  it('picks the top k without sorting everything', () => {
    expect(topValues(['x', 'y', 'z', 'w'], [1, 5, 5, 2], 2)).toEqual([
      { value: 'y', count: 5 },
      { value: 'z', count: 5 },
    ]);
  });
});

describe('date columns', () => {
  it('gives the first and last date as ISO text and a histogram over time', async () => {
    const d = (s: string) => new Date(s);
    const c = (await profileOf('date', [d('2020-03-05'), null, d('2020-01-01'), d('2021-01-01'), d('2020-06-01T12:00:00Z'), d('2020-01-01')])) as DateColumnProfile;
    expect(c).toMatchObject({ type: 'date', count: 5, missing: 1, distinct: 4, min: '2020-01-01T00:00:00.000Z', max: '2021-01-01T00:00:00.000Z' });
    expect(c.histogram).toHaveLength(13);
    expect(c.histogram[0]).toEqual({ x0: Date.UTC(2020, 0, 1), x1: Date.UTC(2020, 1, 1), count: 2 });
    expect(c.histogram.reduce((s, b) => s + b.count, 0)).toBe(5);
    expect(c.spark[0].label).toBe('from 2020-01-01');
    expect(c.summary).toBe('from 2020-01-01 to 2021-01-01; 1 missing');
  });
});

describe('reading columns from any table', () => {
  it('gives the same profile after an Arrow round trip, a filter and a reorder', async () => {
    const frame = frameOf({
      x: { type: 'number', values: [5, null, 1, 3, 2] },
      s: { type: 'text', values: ['a', 'b', null, 'a', 'c'] },
      d: { type: 'date', values: [new Date(0), null, new Date(86_400_000), new Date(0), new Date(2 * 86_400_000)] },
      b: { type: 'boolean', values: [true, null, false, true, true] },
    });
    const direct = await profileFrame(frame);
    const arrow = await profileFrame({ ...frame, table: decodeChunks(encodeChunks(frame.table, 2)) });
    expect(arrow.columns).toEqual(direct.columns);
    const reordered = await profileFrame({ ...frame, table: frame.table.orderby(aq.desc('x')) });
    expect(reordered.columns).toEqual(direct.columns);
    const filtered = frame.table.filter((row: Record<string, unknown>) => row.s !== 'c');
    expect(columnValues(filtered, 'x')).toHaveLength(4);
    const partial = await profileFrame({ ...frame, table: filtered });
    expect(columnNamed(partial.columns, 'x')).toMatchObject({ count: 3, missing: 1, max: 5 });
  });
});
