import { describe, expect, it } from 'vitest';
import { dedupeStep } from '$src/core/data/recipe/dedupe';
import { rowIds, takeRows } from '$src/core/data/recipe/frame-ops';
import { cells, context, info, makeFrame } from './helpers';

describe('dedupe', () => {
  const frame = makeFrame({
    x: [1, 1, null, null, 2, 1],
    s: ['a', 'a', null, null, 'b', 'c'],
    d: ['2024-01-01', '2024-01-01', null, null, '2024-01-01', '2024-01-01'],
    b: [true, true, null, null, false, true],
  }, { d: 'date', x: 'number' });
  const ctx = context();

  it('keeps the first of equal rows: NaN equals NaN, missing equals missing, dates by time', () => {
    // Every date is a distinct Date object: equality must be by time, not identity.
    const out = dedupeStep.apply({ kind: 'dedupe', columns: [] }, frame, ctx);
    expect(Array.from(rowIds(out))).toEqual([0, 2, 4, 5]);
    expect(cells(out, 'x')).toEqual([1, null, 2, 1]);
    expect(info(out, 'x').missing).toBe(1);
    expect(frame.table.numRows()).toBe(6);
  });

  it('compares only the chosen columns', () => {
    expect(Array.from(rowIds(dedupeStep.apply({ kind: 'dedupe', columns: ['d'] }, frame, ctx)))).toEqual([0, 2]);
    expect(Array.from(rowIds(dedupeStep.apply({ kind: 'dedupe', columns: ['x', 'b'] }, frame, ctx)))).toEqual([0, 2, 4]);
  });

  it('keeps the first in the current row order, whatever the row ids', () => {
    const reversed = takeRows(frame, [5, 4, 3, 2, 1, 0]);
    expect(Array.from(rowIds(dedupeStep.apply({ kind: 'dedupe', columns: ['x'] }, reversed, ctx)))).toEqual([5, 4, 3]);
  });

  it('finds duplicates in a single boolean column with fewer rows than possible values', () => {
    const flags = makeFrame({ f: [true, true, false] });
    expect(Array.from(rowIds(dedupeStep.apply({ kind: 'dedupe', columns: [] }, flags, ctx)))).toEqual([0, 2]);
    const zeros = makeFrame({ z: [0, -0, NaN, null] }, { z: 'number' });
    expect(Array.from(rowIds(dedupeStep.apply({ kind: 'dedupe', columns: [] }, zeros, ctx)))).toEqual([0, 2]);
  });

  it('returns the same frame when there are no duplicates', () => {
    const unique = makeFrame({ a: [1, 2, 3], b: ['x', 'x', 'x'] });
    expect(dedupeStep.apply({ kind: 'dedupe', columns: [] }, unique, ctx)).toBe(unique);
  });

  it('handles many distinct combinations (Map path)', () => {
    const n = 5000;
    const a = Array.from({ length: n }, (_, i) => i % 2500);
    const b = Array.from({ length: n }, (_, i) => `k${i % 2500}`);
    const out = dedupeStep.apply({ kind: 'dedupe', columns: [] }, makeFrame({ a, b }), ctx);
    expect(out.table.numRows()).toBe(2500);
    expect(Array.from(rowIds(out)).slice(-1)).toEqual([2499]);
  });

  it('refuses unknown columns and describes itself', () => {
    expect(dedupeStep.check({ kind: 'dedupe', columns: ['zz'] }, frame, ctx)).toBe('There is no column zz (any more).');
    expect(dedupeStep.describe({ kind: 'dedupe', columns: [] })).toBe('Remove duplicate rows (equal in every column), keeping the first');
    expect(dedupeStep.describe({ kind: 'dedupe', columns: ['x', 's'] })).toBe('Remove duplicate rows (equal in x, s), keeping the first');
  });
});
