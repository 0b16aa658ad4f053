import { describe, expect, it } from 'vitest';
import { trimStep } from '$src/core/data/recipe/trim';
import { cells, context, info, makeFrame } from './helpers';

describe('trim', () => {
  const frame = makeFrame({ name: ['  Ann ', 'Bob', '\tCarl  Lee\n', '   ', null, ''], n: [1, 2, 3, 4, 5, 6] });
  const ctx = context();

  it('trims both ends only; a cell of white space becomes missing', () => {
    expect(info(frame, 'name').missing).toBe(1);
    const out = trimStep.apply({ kind: 'trim', column: 'name' }, frame, ctx);
    expect(cells(out, 'name')).toEqual(['Ann', 'Bob', 'Carl  Lee', null, null, null]);
    expect(info(out, 'name')).toEqual({ name: 'name', type: 'text', missing: 3 });
    expect(cells(frame, 'name')[0]).toBe('  Ann ');
  });

  it('refuses columns that are not text', () => {
    expect(trimStep.check({ kind: 'trim', column: 'n' }, frame, ctx)).toBe('Trimming works on text; n holds whole numbers.');
    expect(trimStep.check({ kind: 'trim', column: 'x' }, frame, ctx)).toBe('There is no column x (any more).');
    expect(trimStep.check({ kind: 'trim', column: 'name' }, frame, ctx)).toBeNull();
  });

  it('describes itself', () => {
    expect(trimStep.describe({ kind: 'trim', column: 'name' })).toBe('Trim white space in name');
  });
});
