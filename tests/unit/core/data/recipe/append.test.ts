import { describe, expect, it } from 'vitest';
import { appendStep, compareColumns, describeColumnComparison, nextRowId } from '$src/core/data/recipe/append';
import { RecipeError } from '$src/core/data/recipe/handler';
import { rowIds, takeRows } from '$src/core/data/recipe/frame-ops';
import type { Frame } from '$src/core/data/frame';
import type { StepOf } from '$src/core/data/recipe/steps';
import { cells, context, info, makeFrame } from './helpers';

type Step = StepOf<'append'>;
const step: Step = { kind: 'append', datasetId: 'more', datasetName: 'more.csv' };

const base = makeFrame({
  id: [1, 2, 3],
  city: ['Paris', null, 'Rome'],
  score: [1.5, 2, null],
});

function snapshot(f: Frame) {
  return { columns: f.columns.map((c) => ({ ...c })), cells: f.columns.map((c) => cells(f, c.name)), ids: Array.from(rowIds(f)) };
}

describe('append', () => {
  it('appends rows matched by column name, continuing the row ids', () => {
    const more = makeFrame({ city: ['Oslo', 'Lima'], id: [4, 5], score: [3, null] }, { score: 'number' });
    const before = snapshot(base);
    const ctx = context(null, { more });
    expect(appendStep.check(step, base, ctx)).toBeNull();
    const out = appendStep.apply(step, base, ctx);
    expect(out.columns.map((c) => c.name)).toEqual(['id', 'city', 'score']);
    expect(cells(out, 'id')).toEqual([1, 2, 3, 4, 5]);
    expect(cells(out, 'city')).toEqual(['Paris', null, 'Rome', 'Oslo', 'Lima']);
    expect(cells(out, 'score')).toEqual([1.5, 2, null, 3, null]);
    expect(Array.from(rowIds(out))).toEqual([0, 1, 2, 3, 4]);
    expect(out.columns).toEqual([
      { name: 'id', type: 'integer', missing: 0 },
      { name: 'city', type: 'text', missing: 1 },
      { name: 'score', type: 'number', missing: 2 },
    ]);
    expect(snapshot(base)).toEqual(before);
    expect(snapshot(more).ids).toEqual([0, 1]);
  });

  it('starts new ids after the largest id, even when that row is not first or later rows were filtered out', () => {
    const filtered = takeRows(base, [2, 0]);
    const more = makeFrame({ id: [9] });
    const out = appendStep.apply(step, filtered, context(null, { more }));
    expect(Array.from(rowIds(out))).toEqual([2, 0, 3]);
    // A split that covered five row ids: appended rows come after all of them.
    const split = context([1, 1, 0, 1, 0], { more });
    expect(nextRowId(filtered, split)).toBe(5);
    expect(Array.from(rowIds(appendStep.apply(step, filtered, split)))).toEqual([2, 0, 5]);
  });

  it('fills columns only on one side with missing values, and says which columns differ', () => {
    const more = makeFrame({ id: [4], country: ['NO'] });
    const ctx = context(null, { more });
    expect(appendStep.check(step, base, ctx)).toBeNull();
    const out = appendStep.apply(step, base, ctx);
    expect(out.columns.map((c) => c.name)).toEqual(['id', 'city', 'score', 'country']);
    expect(cells(out, 'city')).toEqual(['Paris', null, 'Rome', null]);
    expect(cells(out, 'score')).toEqual([1.5, 2, null, null]);
    expect(cells(out, 'country')).toEqual([null, null, null, 'NO']);
    expect(info(out, 'country')).toEqual({ name: 'country', type: 'text', missing: 3 });
    expect(info(out, 'score').missing).toBe(2);

    const comparison = compareColumns(base, more);
    expect(comparison).toEqual({ same: false, onlyLeft: ['city', 'score'], onlyRight: ['country'], typeDiffers: [] });
    expect(describeColumnComparison(comparison, 'more.csv')).toEqual([
      'Not in more.csv: city, score — the appended rows will be missing there.',
      'Only in more.csv: country — added as new columns, missing in the existing rows.',
    ]);
    expect(compareColumns(base.columns, makeFrame({ score: [1.5], city: ['x'], id: [3] }).columns).same).toBe(true);
  });

  it('converts appended values to the existing type when every value converts', () => {
    const more = makeFrame({ id: ['4', ' 5 ', null], city: [7, null, 8.5], score: [1, 2, 3] }, { id: 'text', score: 'integer' });
    const ctx = context(null, { more });
    const comparison = compareColumns(base, more);
    expect(comparison.typeDiffers).toEqual([
      { column: 'id', left: 'integer', right: 'text' },
      { column: 'city', left: 'text', right: 'number' },
      { column: 'score', left: 'number', right: 'integer' },
    ]);
    expect(describeColumnComparison(comparison, 'more.csv')[0]).toBe('id holds whole numbers here but text in more.csv — the appended values are converted to whole numbers.');
    expect(appendStep.check(step, base, ctx)).toBeNull();
    const out = appendStep.apply(step, base, ctx);
    expect(out.columns.map((c) => c.type)).toEqual(['integer', 'text', 'number']);
    expect(cells(out, 'id')).toEqual([1, 2, 3, 4, 5, null]);
    expect(cells(out, 'city')).toEqual(['Paris', null, 'Rome', '7', null, '8.5']);
    expect(cells(out, 'score')).toEqual([1.5, 2, null, 1, 2, 3]);
    expect(info(out, 'id').missing).toBe(1);
  });

  it('refuses a type conflict whose values do not convert, naming the column', () => {
    const text = makeFrame({ id: ['4', 'x12'] });
    const reason = "id holds whole numbers here but text in more.csv, and 'x12' (row 2 of more.csv) is not a whole number. Cast one of them first (Clean → Cast) so both hold the same kind of values.";
    expect(appendStep.check(step, base, context(null, { more: text }))).toBe(reason);
    expect(() => appendStep.apply(step, base, context(null, { more: text }))).toThrow(new RecipeError(reason));
    const fraction = makeFrame({ id: [4.5] });
    expect(appendStep.check(step, base, context(null, { more: fraction }))).toMatch(/^id holds whole numbers here but numbers in more.csv, and '4.5' \(row 1 of more.csv\) is not a whole number/);
    const flags = makeFrame({ score: [true] });
    expect(appendStep.check(step, base, context(null, { more: flags })))
      .toBe('score holds numbers here but true/false values in more.csv. Cast one of them first (Clean → Cast) so both hold the same kind of values.');
  });

  it('appends dates and booleans', () => {
    const left = makeFrame({ day: ['2024-01-01', null], ok: [true, false] }, { day: 'date' });
    const right = makeFrame({ day: ['2024-02-01'], ok: [null] }, { day: 'date', ok: 'boolean' });
    const out = appendStep.apply(step, left, context(null, { more: right }));
    expect(cells(out, 'day')).toEqual(['2024-01-01T00:00:00.000Z', null, '2024-02-01T00:00:00.000Z']);
    expect(cells(out, 'ok')).toEqual([true, false, null]);
    expect(out.columns.map((c) => c.missing)).toEqual([1, 1]);
  });

  it('refuses when the other dataset is gone, and describes itself', () => {
    expect(appendStep.check(step, base, context())).toBe('The dataset more is gone.');
    expect(() => appendStep.apply(step, base, context())).toThrow(RecipeError);
    expect(appendStep.describe(step)).toBe('Append the rows of more.csv');
  });
});
