import { describe, expect, it } from 'vitest';
import { renameColumnStep } from '$src/core/data/recipe/rename-column';
import { rowIds } from '$src/core/data/recipe/frame-ops';
import { ROW_ID } from '$src/core/data/frame';
import { cells, context, makeFrame } from './helpers';

describe('rename-column', () => {
  const frame = makeFrame({ a: [1, null], b: ['x', 'y'] });
  const ctx = context();

  it('renames in place, keeping values, type, missing count and row ids', () => {
    const out = renameColumnStep.apply({ kind: 'rename-column', column: 'a', to: 'age' }, frame, ctx);
    expect(out.columns).toEqual([{ name: 'age', type: 'integer', missing: 1 }, { name: 'b', type: 'text', missing: 0 }]);
    expect(out.table.columnNames()).toEqual(['age', 'b', ROW_ID]);
    expect(cells(out, 'age')).toEqual([1, null]);
    expect(Array.from(rowIds(out))).toEqual([0, 1]);
    expect(frame.columns[0].name).toBe('a');
  });

  it('refuses empty, padded, reserved and existing names', () => {
    const check = (to: string) => renameColumnStep.check({ kind: 'rename-column', column: 'a', to }, frame, ctx);
    expect(check('')).toBe('The new name is empty; type a name.');
    expect(check('   ')).toBe('The new name is empty; type a name.');
    expect(check(' age')).toBe("The new name ' age' starts or ends with spaces.");
    expect(check('b')).toBe('There is already a column named b.');
    expect(check('a')).toBe('a already has that name.');
    expect(check(ROW_ID)).toMatch(/reserved/);
    expect(check('age')).toBeNull();
    expect(renameColumnStep.check({ kind: 'rename-column', column: 'zz', to: 'q' }, frame, ctx)).toBe('There is no column zz (any more).');
  });

  it('describes itself', () => {
    expect(renameColumnStep.describe({ kind: 'rename-column', column: 'a', to: 'age' })).toBe('Rename a to age');
  });
});
