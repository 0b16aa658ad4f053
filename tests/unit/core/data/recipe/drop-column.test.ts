import { describe, expect, it } from 'vitest';
import { dropColumnStep } from '$src/core/data/recipe/drop-column';
import { rowIds } from '$src/core/data/recipe/frame-ops';
import { ROW_ID } from '$src/core/data/frame';
import { cells, context, makeFrame } from './helpers';

describe('drop-column', () => {
  const frame = makeFrame({ a: [1, null], b: ['x', 'y'], c: [true, false] });
  const ctx = context();

  it('drops one column, keeping the order of the others and the row ids', () => {
    const out = dropColumnStep.apply({ kind: 'drop-column', column: 'b' }, frame, ctx);
    expect(out.columns).toEqual([{ name: 'a', type: 'integer', missing: 1 }, { name: 'c', type: 'boolean', missing: 0 }]);
    expect(out.table.columnNames()).toEqual(['a', 'c', ROW_ID]);
    expect(cells(out, 'c')).toEqual([true, false]);
    expect(Array.from(rowIds(out))).toEqual([0, 1]);
    expect(frame.columns.map((c) => c.name)).toEqual(['a', 'b', 'c']);
  });

  it('refuses an unknown column and the last column', () => {
    expect(dropColumnStep.check({ kind: 'drop-column', column: 'zz' }, frame, ctx)).toBe('There is no column zz (any more).');
    const one = makeFrame({ only: [1] });
    expect(dropColumnStep.check({ kind: 'drop-column', column: 'only' }, one, ctx)).toBe('only is the only column left; a dataset needs at least one column.');
    expect(dropColumnStep.check({ kind: 'drop-column', column: 'a' }, frame, ctx)).toBeNull();
  });

  it('describes itself', () => {
    expect(dropColumnStep.describe({ kind: 'drop-column', column: 'b' })).toBe('Drop column b');
  });
});
