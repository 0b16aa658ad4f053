import { describe, expect, it } from 'vitest';
import { dropMissingStep } from '$src/core/data/recipe/drop-missing';
import { rowIds } from '$src/core/data/recipe/frame-ops';
import { cells, context, info, makeFrame } from './helpers';

describe('drop-missing', () => {
  const frame = makeFrame({
    a: [1, null, 3, 4, 5],
    b: ['x', 'y', null, 'z', 'w'],
    c: [true, true, true, null, false],
    d: ['2024-01-01', null, '2024-01-03', '2024-01-04', '2024-01-05'],
  }, { d: 'date' });
  const ctx = context();

  it('drops rows with a missing value in the chosen columns, keeping row ids and recounting missing', () => {
    const out = dropMissingStep.apply({ kind: 'drop-missing', columns: ['a'] }, frame, ctx);
    expect(cells(out, 'a')).toEqual([1, 3, 4, 5]);
    expect(Array.from(rowIds(out))).toEqual([0, 2, 3, 4]);
    expect(info(out, 'a').missing).toBe(0);
    expect(info(out, 'b').missing).toBe(1);
    expect(info(out, 'd').missing).toBe(0);
    expect(frame.table.numRows()).toBe(5);
  });

  it('looks at every column when none are chosen (dates and booleans too)', () => {
    const out = dropMissingStep.apply({ kind: 'drop-missing', columns: [] }, frame, ctx);
    expect(Array.from(rowIds(out))).toEqual([0, 4]);
    expect(out.columns.map((c) => c.missing)).toEqual([0, 0, 0, 0]);
    expect(cells(out, 'd')).toEqual(['2024-01-01T00:00:00.000Z', '2024-01-05T00:00:00.000Z']);
  });

  it('returns the same frame when nothing is missing', () => {
    const clean = makeFrame({ a: [1, 2] });
    expect(dropMissingStep.apply({ kind: 'drop-missing', columns: [] }, clean, ctx)).toBe(clean);
  });

  it('refuses unknown columns and describes itself', () => {
    expect(dropMissingStep.check({ kind: 'drop-missing', columns: ['a', 'zz'] }, frame, ctx)).toBe('There is no column zz (any more).');
    expect(dropMissingStep.check({ kind: 'drop-missing', columns: [] }, frame, ctx)).toBeNull();
    expect(dropMissingStep.describe({ kind: 'drop-missing', columns: [] })).toBe('Drop rows with a missing value in any column');
    expect(dropMissingStep.describe({ kind: 'drop-missing', columns: ['a', 'b'] })).toBe('Drop rows with a missing value in a, b');
  });
});
