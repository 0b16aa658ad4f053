import { describe, expect, it } from 'vitest';
import { describePreprocessor, fitPreprocessor, transform, transformRecord } from '$src/core/model/features';
import {
  TARGET_MEAN_PRIOR_ROWS,
  categoriesAtOrBelow,
  orderCategories,
  usesTreeEncoding,
} from '$src/core/model/ordinal-encoding';
import type { EncodingTarget } from '$src/core/model/ordinal-encoding';
import { prepareTrainingData } from '$src/core/model/prepare';
import type { CategoricalFeature, NumericFeature } from '$src/core/model/types';
import { PART } from '$src/core/data/frame';
import { makeFrame } from '../data/recipe/helpers';
import { expectModelError } from '../../helpers/errors';

const regression = (y: number[]): EncodingTarget => ({ task: 'regression', y, classes: 0 });

describe('usesTreeEncoding', () => {
  it('is true for the tree kinds only', () => {
    expect(['gradient-boosted-trees', 'random-forest', 'decision-tree'].every((k) => usesTreeEncoding(k as never))).toBe(true);
    expect(['baseline', 'linear-regression', 'logistic-regression', 'mlp'].some((k) => usesTreeEncoding(k as never))).toBe(false);
    expect(usesTreeEncoding(undefined)).toBe(false);
  });
});

describe('orderCategories', () => {
  it('orders a regression or binary target by the smoothed train mean, ties by text', () => {
    // Means: a 10, b 0, c 5, d 5 (all with the same count, so smoothing keeps the order).
    const cells = ['a', 'a', 'b', 'b', 'c', 'c', 'd', 'd', ''];
    const y = [10, 10, 0, 0, 5, 5, 5, 5, 99];
    expect(orderCategories(cells, regression(y), 2)).toEqual(['b', 'c', 'd', 'a']);
    const binary: EncodingTarget = { task: 'classification', y: [1, 1, 0, 0, 1, 0, 0, 0, 1], classes: 2 };
    expect(orderCategories(cells, binary, 2)).toEqual(['b', 'd', 'c', 'a']);
  });

  it('pulls a category seen in few rows towards the overall mean', () => {
    // 'rare' has the highest raw mean (100 in 2 rows), 'many' 60 in 40 rows; overall mean ≈ 27.
    const cells = [...Array(40).fill('many'), ...Array(40).fill('low'), 'rare', 'rare'];
    const y = [...Array(40).fill(60), ...Array(40).fill(0), 100, 100];
    const order = orderCategories(cells, regression(y), 2);
    const prior = y.reduce((a, b) => a + b) / y.length;
    expect((200 + TARGET_MEAN_PRIOR_ROWS * prior) / (2 + TARGET_MEAN_PRIOR_ROWS)).toBeLessThan(60);
    expect(order).toEqual(['low', 'rare', 'many']);
  });

  it('orders a multiclass target by frequency and leaves out values below the least count', () => {
    const cells = ['x', 'y', 'y', 'z', 'z', 'z', 'w'];
    const target: EncodingTarget = { task: 'classification', y: [0, 1, 2, 0, 1, 2, 0], classes: 3 };
    expect(orderCategories(cells, target, 2)).toEqual(['z', 'y']);
    // The most frequent value is kept even below the count.
    expect(orderCategories(['p', 'q', 'q'], target, 5)).toEqual(['q']);
    expect(orderCategories(['', ''], target, 1)).toEqual([]);
  });
});

describe('fitPreprocessor for trees', () => {
  // Train rows 0–7, the others for transform only.
  const frame = makeFrame({
    size: [1, 2, null, 4, 5, 6, 7, 8, null, 1e9],
    flat: [3, 3, 3, 3, 3, 3, 3, 3, 3, 3],
    day: ['2024-01-01', null, '2024-01-03', '2024-02-01', '2024-03-01', '2024-01-05', '2024-01-06', '2024-01-07', null, '2030-01-01'],
    city: ['Porto', 'Porto', 'Faro', 'Faro', 'Faro', 'Beja', 'Beja', null, null, 'Mars'],
    same: ['k', 'k', 'k', 'k', 'k', 'k', 'k', 'k', 'k', 'k'],
    none: [null, null, null, null, null, null, null, null, 'late', null],
    y: [1, 2, 10, 11, 12, 5, 6, 7, 0, 0],
  }, { day: 'date' });
  const train = [0, 1, 2, 3, 4, 5, 6, 7];
  const trees = regression([1, 2, 10, 11, 12, 5, 6, 7]);

  it('keeps numbers and date parts raw, missing as NaN, and the statistics fitted', () => {
    const p = fitPreprocessor(frame, train, ['size', 'flat', 'day'], { trees, minCategoryCount: 2 });
    const size = p.features[0] as NumericFeature;
    // The median of the present train values 1, 2, 4 … 8, kept for serving's typical value.
    expect(size).toMatchObject({ kind: 'numeric', encoding: 'raw', impute: 5 });
    expect((p.features[1] as NumericFeature).encoding).toBe('raw');
    expect(p.columnNames).toEqual(['size', 'flat', 'day (year)', 'day (month)', 'day (day of week)', 'day (day of year)', 'day (days since first)']);
    const x = transform(p, frame);
    const row = (r: number) => Array.from(x.values.subarray(r * x.width, (r + 1) * x.width));
    // 2024-02-01 is a Thursday, day 32 of the year, 31 days after the first train date.
    expect(row(3)).toEqual([4, 3, 2024, 2, 4, 32, 31]);
    expect(row(2).slice(0, 2)).toEqual([NaN, 3]);
    expect(row(1).slice(2)).toEqual([NaN, NaN, NaN, NaN, NaN]);
    // A value outside the train range is given as it is (float32), not clipped or scaled.
    expect(row(9)[0]).toBe(1e9);
  });

  it('codes categories in train order; missing, rare and unseen values are NaN', () => {
    const p = fitPreprocessor(frame, train, ['city', 'same'], { trees, minCategoryCount: 2 });
    const city = p.features[0] as CategoricalFeature;
    // Means (smoothed the same way, two rows each, Faro three): Porto 1.5, Beja 5.5, Faro 11.
    expect(city).toMatchObject({ encoding: 'ordinal', categories: ['Porto', 'Beja', 'Faro'], impute: 'Faro', other: false });
    expect(p.columnNames).toEqual(['city', 'same']);
    expect(p.width).toBe(2);
    const x = transform(p, frame);
    expect(Array.from({ length: x.rows }, (_, r) => x.values[r * 2])).toEqual([0, 0, 2, 2, 2, 1, 1, NaN, NaN, NaN]);
    // A constant column is one code, 0 everywhere it is present.
    expect(Array.from({ length: x.rows }, (_, r) => x.values[r * 2 + 1])).toEqual(Array(10).fill(0));
    expect(Array.from(transformRecord(p, { city: 'Beja', same: 'other' }))).toEqual([1, NaN]);
    expect(Array.from(transformRecord(p, {}))).toEqual([NaN, NaN]);
  });

  it('refuses a feature missing in every train row, as for the other models', () => {
    expectModelError(() => fitPreprocessor(frame, train, ['none'], { trees }), /The feature none has no values in the train part/);
  });

  it('describes an ordinal feature as one column named after it', () => {
    const f: CategoricalFeature = { kind: 'categorical', name: 'Island', sourceType: 'text', impute: 'Biscoe', categories: ['Dream', 'Biscoe'], other: false, encoding: 'ordinal' };
    expect(describePreprocessor([f])).toMatchObject({ width: 1, columnNames: ['Island'] });
  });
});

describe('categoriesAtOrBelow', () => {
  const island: CategoricalFeature = { kind: 'categorical', name: 'Island', sourceType: 'text', impute: 'Biscoe', categories: ['Torgersen', 'Dream', 'Biscoe'], other: false, encoding: 'ordinal' };

  it('says which categories a split code ≤ t sends left', () => {
    expect(categoriesAtOrBelow(island, 0.5)).toEqual(['Torgersen']);
    expect(categoriesAtOrBelow(island, 1.5)).toEqual(['Torgersen', 'Dream']);
    expect(categoriesAtOrBelow(island, 1)).toEqual(['Torgersen', 'Dream']);
    expect(categoriesAtOrBelow(island, -0.5)).toEqual([]);
  });

  it('is empty for a one-hot feature', () => {
    expect(categoriesAtOrBelow({ ...island, encoding: undefined }, 1.5)).toEqual([]);
    expect(categoriesAtOrBelow({ ...island, encoding: 'one-hot' }, 0.5)).toEqual([]);
  });
});

describe('prepareTrainingData by model kind', () => {
  const frame = makeFrame({
    size: [1, null, 3, 4, 5, 6, 7, 8, 9, 10],
    city: ['a', 'b', 'a', 'b', 'a', 'b', 'a', 'b', 'c', 'a'],
    y: [1, 2, 1, 2, 1, 2, 1, 2, 1, 2],
  });
  const parts = Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0, 1, 1].map((v) => (v === 0 ? PART.train : PART.validation)));

  it('fits tree preprocessing for a tree kind and the standardised one-hot otherwise', () => {
    const config = { target: 'y', task: 'regression' as const, features: ['size', 'city'] };
    const forTrees = prepareTrainingData(frame, parts, { ...config, kind: 'random-forest' });
    expect(forTrees.preprocessor.features.map((f) => f.encoding)).toEqual(['raw', 'ordinal']);
    expect(Array.from(forTrees.train.x.values.subarray(2, 4))).toEqual([NaN, 1]);
    expect(Array.from(forTrees.validation.x.values)).toEqual([9, NaN, 10, 0]);
    for (const kind of [undefined, 'mlp'] as const) {
      const plain = prepareTrainingData(frame, parts, { ...config, kind });
      expect(plain.preprocessor.features.map((f) => f.encoding)).toEqual([undefined, undefined]);
      expect(plain.preprocessor.columnNames).toEqual(['size', 'city=a', 'city=b']);
    }
  });
});
