import { describe, expect, it } from 'vitest';
import { emptyColumnWarning, mismatchWarning, shifted, shorten } from '$src/core/data/ingest/column-warnings';

describe('column warnings', () => {
  it('says a column without values was kept as empty text', () => {
    expect(emptyColumnWarning('notes', 12)).toMatchObject({ code: 'empty-column', column: 'notes', count: 12 });
  });

  it('names the first misfit, with its line only where places are lines', () => {
    const one = mismatchWarning('age', 'integer', 1, { line: 1204, text: 'n/a' }, 'line');
    expect(one).toEqual({
      code: 'type-mismatch',
      column: 'age',
      count: 1,
      line: 1204,
      message: 'Column "age" is a whole-number column, but 1 value is not a number (line 1204: "n/a"). It was read as missing; correct it in the file and load it again if it matters.',
    });
    const many = mismatchWarning('seen', 'date', 3, { line: 4, text: 'soon' }, 'record');
    expect(many.line).toBeUndefined();
    expect(many.message).toMatch(/but 3 values are not dates .* \(first at record 4: "soon"\)\. They were read as missing/);
  });

  it('shortens long examples and moves misfits of a later part', () => {
    expect(shorten('x'.repeat(50))).toBe(`${'x'.repeat(39)}…`);
    expect(shorten('short')).toBe('short');
    expect(shifted({ line: 3, text: 'a' }, 100)).toEqual({ line: 103, text: 'a' });
    expect(shifted(undefined, 100)).toBeUndefined();
  });
});
