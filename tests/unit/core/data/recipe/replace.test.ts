import { describe, expect, it } from 'vitest';
import { replaceStep } from '$src/core/data/recipe/replace';
import { cells, context, info, makeFrame } from './helpers';

describe('replace', () => {
  const frame = makeFrame({
    x: [-999, 1, -999, null, 2],
    s: ['n/a?', 'Yes', 'yes', null, 'Yes'],
    b: [true, false, null, true, false],
    d: ['1900-01-01', '2024-05-01', null, '1900-01-01', '2024-05-02'],
  }, { d: 'date' });
  const ctx = context();

  it('replaces equal cells with the value typed by the column, and updates the missing count', () => {
    const out = replaceStep.apply({ kind: 'replace', column: 'x', from: '-999', to: null }, frame, ctx);
    expect(cells(out, 'x')).toEqual([null, 1, null, null, 2]);
    expect(info(out, 'x').missing).toBe(3);
    const filled = replaceStep.apply({ kind: 'replace', column: 'x', from: null, to: 0 }, frame, ctx);
    expect(cells(filled, 'x')).toEqual([-999, 1, -999, 0, 2]);
    expect(info(filled, 'x').missing).toBe(0);
    expect(cells(frame, 'x')).toEqual([-999, 1, -999, null, 2]);
  });

  it('compares text exactly, dates by time, booleans by value', () => {
    expect(cells(replaceStep.apply({ kind: 'replace', column: 's', from: 'Yes', to: 'yes' }, frame, ctx), 's')).toEqual(['n/a?', 'yes', 'yes', null, 'yes']);
    const dates = replaceStep.apply({ kind: 'replace', column: 'd', from: '1900-01-01', to: null }, frame, ctx);
    expect(cells(dates, 'd')).toEqual([null, '2024-05-01T00:00:00.000Z', null, null, '2024-05-02T00:00:00.000Z']);
    expect(info(dates, 'd').missing).toBe(3);
    expect(cells(replaceStep.apply({ kind: 'replace', column: 'b', from: null, to: false }, frame, ctx), 'b')).toEqual([true, false, false, true, false]);
  });

  it('refuses values that do not fit the column, and steps that change nothing', () => {
    expect(replaceStep.check({ kind: 'replace', column: 'x', from: -999, to: 'abc' }, frame, ctx)).toBe("'abc' is not a whole number; x holds whole numbers.");
    expect(replaceStep.check({ kind: 'replace', column: 'x', from: 'abc', to: 1 }, frame, ctx)).toBe("'abc' is not a whole number; x holds whole numbers.");
    expect(replaceStep.check({ kind: 'replace', column: 'b', from: true, to: 'maybe' }, frame, ctx)).toBe("'maybe' is not true or false; b holds true/false values.");
    expect(replaceStep.check({ kind: 'replace', column: 'x', from: null, to: 'NA' }, frame, ctx)).toBe('Both values are missing; nothing would change.');
    expect(replaceStep.check({ kind: 'replace', column: 'x', from: '1', to: 1 }, frame, ctx)).toBe('Both values are the same; nothing would change.');
    expect(replaceStep.check({ kind: 'replace', column: 'zz', from: 1, to: 2 }, frame, ctx)).toBe('There is no column zz (any more).');
    expect(replaceStep.check({ kind: 'replace', column: 'x', from: -999, to: null }, frame, ctx)).toBeNull();
  });

  it('describes itself', () => {
    expect(replaceStep.describe({ kind: 'replace', column: 'x', from: -999, to: null })).toBe('Replace -999 with missing in x');
    expect(replaceStep.describe({ kind: 'replace', column: 's', from: 'Yes', to: 'yes' })).toBe("Replace 'Yes' with 'yes' in s");
  });
});
