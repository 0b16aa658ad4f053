import { describe, expect, it } from 'vitest';
import { imputeStep } from '$src/core/data/recipe/impute';
import { RecipeError } from '$src/core/data/recipe/handler';
import { takeRows } from '$src/core/data/recipe/frame-ops';
import type { StepOf } from '$src/core/data/recipe/steps';
import { cells, context, info, makeFrame } from './helpers';

type Step = StepOf<'impute'>;

function run(frame: ReturnType<typeof makeFrame>, step: Step, ctx = context()) {
  expect(imputeStep.check(step, frame, ctx)).toBeNull();
  const fitted = imputeStep.fit!(step, frame, ctx);
  return { fitted, frame: imputeStep.apply(fitted, frame, ctx) };
}

describe('impute', () => {
  const frame = makeFrame({
    age: [1, 2, null, 4, 100, null],
    score: [1.5, null, 2.5, 3.5, 10, 4],
    city: ['Paris', null, 'Rome', 'Paris', 'Oslo', 'Rome'],
    ok: [true, null, false, false, true, null],
    day: ['2024-01-02', '2024-01-02', null, '2024-03-01', null, '2024-03-01'],
  }, { day: 'date' });

  it('fills with the mean, rounded in an integer column, and updates the missing count', () => {
    expect(info(frame, 'age')).toMatchObject({ type: 'integer', missing: 2 });
    const { fitted, frame: out } = run(frame, { kind: 'impute', column: 'age', strategy: 'mean' });
    // (1 + 2 + 4 + 100) / 4 = 26.75 → 27 in a whole-number column.
    expect(fitted.fitted).toEqual({ value: 27, from: 'all', rows: 4 });
    expect(cells(out, 'age')).toEqual([1, 2, 27, 4, 100, 27]);
    expect(info(out, 'age')).toMatchObject({ type: 'integer', missing: 0 });
    // The input frame is not modified.
    expect(cells(frame, 'age')).toEqual([1, 2, null, 4, 100, null]);
    expect(info(frame, 'age').missing).toBe(2);
  });

  it('fills with the median of a number column', () => {
    const { fitted, frame: out } = run(frame, { kind: 'impute', column: 'score', strategy: 'median' });
    expect(fitted.fitted).toEqual({ value: 3.5, from: 'all', rows: 5 });
    expect(cells(out, 'score')).toEqual([1.5, 3.5, 2.5, 3.5, 10, 4]);
    const even = run(frame, { kind: 'impute', column: 'age', strategy: 'median' });
    expect(even.fitted.fitted?.value).toBe(3); // (2 + 4) / 2
  });

  it('fills text, booleans and dates with the most frequent value; ties go to the smallest', () => {
    const text = run(frame, { kind: 'impute', column: 'city', strategy: 'most-frequent' });
    // Paris and Rome both appear twice: Paris sorts first.
    expect(text.fitted.fitted).toEqual({ value: 'Paris', from: 'all', rows: 5 });
    expect(cells(text.frame, 'city')).toEqual(['Paris', 'Paris', 'Rome', 'Paris', 'Oslo', 'Rome']);
    const bool = run(frame, { kind: 'impute', column: 'ok', strategy: 'most-frequent' });
    expect(bool.fitted.fitted?.value).toBe(false);
    expect(cells(bool.frame, 'ok')).toEqual([true, false, false, false, true, false]);
    const date = run(frame, { kind: 'impute', column: 'day', strategy: 'most-frequent' });
    expect(date.fitted.fitted?.value).toBe('2024-01-02');
    expect(cells(date.frame, 'day')).toEqual([
      '2024-01-02T00:00:00.000Z', '2024-01-02T00:00:00.000Z', '2024-01-02T00:00:00.000Z',
      '2024-03-01T00:00:00.000Z', '2024-01-02T00:00:00.000Z', '2024-03-01T00:00:00.000Z',
    ]);
    expect(info(date.frame, 'day').missing).toBe(0);
  });

  it('fills with a constant cast to the column type', () => {
    const { fitted, frame: out } = run(frame, { kind: 'impute', column: 'age', strategy: 'constant', constant: '0' });
    expect(fitted.fitted).toBeUndefined();
    expect(cells(out, 'age')).toEqual([1, 2, 0, 4, 100, 0]);
    const text = run(frame, { kind: 'impute', column: 'city', strategy: 'constant', constant: 'unknown' });
    expect(cells(text.frame, 'city')).toEqual(['Paris', 'unknown', 'Rome', 'Paris', 'Oslo', 'Rome']);
    const bool = run(frame, { kind: 'impute', column: 'ok', strategy: 'constant', constant: 'TRUE' });
    expect(cells(bool.frame, 'ok')).toEqual([true, true, false, false, true, true]);
  });

  it('refuses a constant that does not fit the column, a missing constant, and mean/median of non-numbers', () => {
    const ctx = context();
    expect(imputeStep.check({ kind: 'impute', column: 'age', strategy: 'constant', constant: 'abc' }, frame, ctx)).toBe("'abc' is not a whole number; age holds whole numbers.");
    expect(imputeStep.check({ kind: 'impute', column: 'score', strategy: 'constant', constant: 'abc' }, frame, ctx)).toBe("'abc' is not a number; score holds numbers.");
    expect(imputeStep.check({ kind: 'impute', column: 'age', strategy: 'constant', constant: 2.5 }, frame, ctx)).toBe("'2.5' is not a whole number; age holds whole numbers.");
    expect(imputeStep.check({ kind: 'impute', column: 'day', strategy: 'constant', constant: 'soon' }, frame, ctx)).toMatch(/'soon' is not a date/);
    expect(imputeStep.check({ kind: 'impute', column: 'age', strategy: 'constant' }, frame, ctx)).toBe('Choose the value to fill in.');
    expect(imputeStep.check({ kind: 'impute', column: 'age', strategy: 'constant', constant: 'NA' }, frame, ctx)).toMatch(/means a missing value/);
    expect(imputeStep.check({ kind: 'impute', column: 'city', strategy: 'mean' }, frame, ctx)).toBe('The mean needs numbers; city holds text.');
    expect(imputeStep.check({ kind: 'impute', column: 'nope', strategy: 'mean' }, frame, ctx)).toBe('There is no column nope (any more).');
  });

  it('fits on train rows only: validation and test rows do not move the value', () => {
    // Rows 3 and 4 (4 and 100) are not train rows.
    const train = context([1, 1, 1, 0, 0, 1]);
    const { fitted, frame: out } = run(frame, { kind: 'impute', column: 'age', strategy: 'mean' }, train);
    expect(fitted.fitted).toEqual({ value: 2, from: 'train', rows: 2 }); // (1 + 2) / 2 = 1.5 → 2
    // Imputation still fills every row, train or not.
    expect(cells(out, 'age')).toEqual([1, 2, 2, 4, 100, 2]);
    // Changing the non-train values changes nothing.
    const other = makeFrame({ age: [1, 2, null, -5000, 99999, null] });
    expect(imputeStep.fit!({ kind: 'impute', column: 'age', strategy: 'mean' }, other, train).fitted?.value).toBe(2);
    // Train membership follows the row id, not the position.
    const reversed = takeRows(frame, [5, 4, 3, 2, 1, 0]);
    expect(imputeStep.fit!({ kind: 'impute', column: 'age', strategy: 'mean' }, reversed, train).fitted?.value).toBe(2);
    const mf = imputeStep.fit!({ kind: 'impute', column: 'city', strategy: 'most-frequent' }, frame, context([0, 0, 1, 0, 0, 1]));
    expect(mf.fitted).toEqual({ value: 'Rome', from: 'train', rows: 2 });
  });

  it('refuses when there is nothing to fit on the train rows', () => {
    const train = context([0, 0, 1, 0, 0, 1]); // only the missing rows are train rows
    const step: Step = { kind: 'impute', column: 'age', strategy: 'median' };
    expect(imputeStep.check(step, frame, train)).toBe('age has no values on the train rows to compute the median from.');
    expect(() => imputeStep.fit!(step, frame, train)).toThrow(RecipeError);
    const empty = makeFrame({ x: [null, null] }, { x: 'number' });
    expect(imputeStep.check({ kind: 'impute', column: 'x', strategy: 'mean' }, empty, context())).toBe('x has no values on any row to compute the mean from.');
  });

  it('replays the stored value without refitting', () => {
    const step: Step = { kind: 'impute', column: 'age', strategy: 'mean', fitted: { value: 7, from: 'train', rows: 3 } };
    expect(imputeStep.check(step, frame, context())).toBeNull();
    expect(cells(imputeStep.apply(step, frame, context()), 'age')).toEqual([1, 2, 7, 4, 100, 7]);
    expect(() => imputeStep.apply({ kind: 'impute', column: 'age', strategy: 'mean' }, frame, context())).toThrow(/no fitted value/);
  });

  it('describes the step', () => {
    expect(imputeStep.describe({ kind: 'impute', column: 'age', strategy: 'median', fitted: { value: 34.5, from: 'train', rows: 240 } }))
      .toBe('Impute age with the median (34.5, from 240 train rows)');
    expect(imputeStep.describe({ kind: 'impute', column: 'city', strategy: 'most-frequent', fitted: { value: 'Paris', from: 'all', rows: 1 } }))
      .toBe("Impute city with the most frequent value ('Paris', from 1 row; refitted on the train part when the data is split)");
    expect(imputeStep.describe({ kind: 'impute', column: 'age', strategy: 'constant', constant: 0 })).toBe('Impute age with 0');
    expect(imputeStep.describe({ kind: 'impute', column: 'age', strategy: 'mean' })).toBe('Impute age with the mean');
  });
});
