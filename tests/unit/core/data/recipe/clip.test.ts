import { describe, expect, it } from 'vitest';
import { clipStep } from '$src/core/data/recipe/clip';
import { RecipeError } from '$src/core/data/recipe/handler';
import type { StepOf } from '$src/core/data/recipe/steps';
import { cells, context, info, makeFrame } from './helpers';

type Step = StepOf<'clip'>;

describe('clip', () => {
  // 1..10 plus an outlier and a missing value.
  const frame = makeFrame({
    x: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 1000, null],
    n: [1.5, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
    s: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l'],
  });
  const ctx = context();

  it('fits IQR bounds (k = 1.5) and clips; missing values stay missing', () => {
    const step: Step = { kind: 'clip', column: 'n', method: 'iqr' };
    const fitted = clipStep.fit!(step, frame, ctx);
    // Q1 = 3.75, Q3 = 9.25, IQR = 5.5 → [-4.5, 17.5]
    expect(fitted.fitted).toEqual({ lower: -4.5, upper: 17.5, from: 'all', rows: 12 });
    const x = clipStep.fit!({ kind: 'clip', column: 'x', method: 'iqr', k: 1 }, frame, ctx);
    // x: Q1 = 3.5, Q3 = 8.5 → [-1.5, 13.5], rounded in a whole-number column → [-1, 14] (Math.round(-1.5) = -1).
    expect(x.fitted).toEqual({ lower: -1, upper: 14, from: 'all', rows: 11 });
    const out = clipStep.apply(x, frame, ctx);
    expect(cells(out, 'x')).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 14, null]);
    expect(info(out, 'x')).toEqual({ name: 'x', type: 'integer', missing: 1 });
    expect(cells(frame, 'x')[10]).toBe(1000);
  });

  it('fits percentile bounds (1 and 99 unless given)', () => {
    const fitted = clipStep.fit!({ kind: 'clip', column: 'n', method: 'percentile', lowerPercentile: 10, upperPercentile: 90 }, frame, ctx);
    expect(fitted.fitted!.lower).toBeCloseTo(2.1, 10);
    expect(fitted.fitted!.upper).toBeCloseTo(10.9, 10);
    const out = cells(clipStep.apply(fitted, frame, ctx), 'n') as number[];
    [2.1, 2.1, 3, 4, 5, 6, 7, 8, 9, 10, 10.9, 10.9].forEach((v, i) => expect(out[i]).toBeCloseTo(v, 10));
    const defaults = clipStep.fit!({ kind: 'clip', column: 'n', method: 'percentile' }, frame, ctx);
    expect(defaults.fitted!.lower).toBeCloseTo(1.5 + 0.11 * 0.5, 10);
    expect(defaults.fitted!.upper).toBeCloseTo(11 + 0.89, 10);
  });

  it('fits on train rows only: the outlier in a test row does not widen the bounds', () => {
    const train = context([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1]);
    const fitted = clipStep.fit!({ kind: 'clip', column: 'x', method: 'percentile', lowerPercentile: 0, upperPercentile: 100 }, frame, train);
    expect(fitted.fitted).toEqual({ lower: 1, upper: 10, from: 'train', rows: 10 });
    expect(cells(clipStep.apply(fitted, frame, train), 'x')[10]).toBe(10);
    const allRows = clipStep.fit!({ kind: 'clip', column: 'x', method: 'percentile', lowerPercentile: 0, upperPercentile: 100 }, frame, ctx);
    expect(allRows.fitted!.upper).toBe(1000);
  });

  it('refuses non-numeric columns, bad parameters and nothing to fit', () => {
    expect(clipStep.check({ kind: 'clip', column: 's', method: 'iqr' }, frame, ctx)).toBe('Clipping needs numbers; s holds text.');
    expect(clipStep.check({ kind: 'clip', column: 'x', method: 'iqr', k: -1 }, frame, ctx)).toMatch(/^k must be/);
    expect(clipStep.check({ kind: 'clip', column: 'x', method: 'percentile', lowerPercentile: 90, upperPercentile: 10 }, frame, ctx)).toMatch(/between 0 and 100/);
    expect(clipStep.check({ kind: 'clip', column: 'x', method: 'percentile', lowerPercentile: -1 }, frame, ctx)).toMatch(/between 0 and 100/);
    const noTrain = context([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(clipStep.check({ kind: 'clip', column: 'x', method: 'iqr' }, frame, noTrain)).toBe('x has no values on the train rows to compute bounds from.');
    expect(() => clipStep.fit!({ kind: 'clip', column: 'x', method: 'iqr' }, frame, noTrain)).toThrow(RecipeError);
    expect(() => clipStep.apply({ kind: 'clip', column: 'x', method: 'iqr' }, frame, ctx)).toThrow(/no fitted bounds/);
  });

  it('describes itself', () => {
    expect(clipStep.describe({ kind: 'clip', column: 'x', method: 'iqr' })).toBe('Clip x (IQR rule, k = 1.5)');
    expect(clipStep.describe({ kind: 'clip', column: 'x', method: 'percentile', fitted: { lower: 1.25, upper: 99, from: 'train', rows: 240 } }))
      .toBe('Clip x to [1.25, 99] (1st to 99th percentile, from 240 train rows)');
    expect(clipStep.describe({ kind: 'clip', column: 'x', method: 'percentile', lowerPercentile: 2, upperPercentile: 93 })).toBe('Clip x (2nd to 93rd percentile)');
  });
});
