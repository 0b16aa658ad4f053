import { describe, expect, it } from 'vitest';
import {
  categoricalInput,
  defaultMinCategoryCount,
  fitPreprocessor,
  numericInput,
  transform,
  transformRecord,
} from '$src/core/model/features';
import type { CategoricalFeature, NumericFeature, Preprocessor } from '$src/core/model/types';
import { takeRows } from '$src/core/data/recipe/frame-ops';
import { makeFrame } from '../data/recipe/helpers';
import { expectModelError } from '../../helpers/errors';

const f32 = Math.fround;

/** Rows of a design matrix as plain arrays. */
function rowsOf(m: { rows: number; width: number; values: Float32Array }): number[][] {
  return Array.from({ length: m.rows }, (_, r) => Array.from(m.values.subarray(r * m.width, (r + 1) * m.width)));
}

describe('fitPreprocessor: numeric features', () => {
  // Train rows 0–4, validation rows 5–7 with values far away.
  const frame = makeFrame({
    age: [1, 2, null, 4, 100, 1000, 2000, null],
    ok: [true, false, true, null, true, false, false, false],
    day: ['2024-01-01', '2024-01-03', null, '2024-01-05', '2024-01-07', '1990-01-01', '1990-01-01', null],
  }, { day: 'date' });
  const train = [0, 1, 2, 3, 4];

  it('imputes with the train median and standardises the imputed train values (population std)', () => {
    const p = fitPreprocessor(frame, train, ['age']);
    const age = p.features[0] as NumericFeature;
    // Present train values 1, 2, 4, 100 → median (2 + 4) / 2 = 3; imputed: 1, 2, 3, 4, 100.
    expect(age).toMatchObject({ kind: 'numeric', name: 'age', sourceType: 'integer', impute: 3 });
    const imputed = [1, 2, 3, 4, 100];
    const mean = imputed.reduce((a, b) => a + b) / 5;
    const std = Math.sqrt(imputed.reduce((a, b) => a + (b - mean) ** 2, 0) / 5);
    expect(age.mean).toBe(f32(mean));
    expect(age.std).toBe(f32(std));
    expect(p.width).toBe(1);
    expect(p.columnNames).toEqual(['age']);
  });

  it('is fitted on the train rows only: validation values change nothing', () => {
    const p1 = fitPreprocessor(frame, train, ['age', 'ok', 'day']);
    const changed = makeFrame({
      age: [1, 2, null, 4, 100, -5, 7, 9],
      ok: [true, false, true, null, true, true, true, true],
      day: ['2024-01-01', '2024-01-03', null, '2024-01-05', '2024-01-07', '2030-01-01', null, '2030-01-01'],
    }, { day: 'date' });
    expect(fitPreprocessor(changed, train, ['age', 'ok', 'day'])).toEqual(p1);
    // And fitting on all rows gives something else, so the check above means something.
    expect(fitPreprocessor(frame, [0, 1, 2, 3, 4, 5, 6, 7], ['age'])).not.toEqual(fitPreprocessor(frame, train, ['age']));
  });

  it('makes the train design columns mean 0 and std 1 (date parts that are constant on train rows: 0)', () => {
    const p = fitPreprocessor(frame, train, ['age', 'ok', 'day']);
    const x = transform(p, frame, train);
    expect(p.columnNames).toEqual(['age', 'ok', 'day (year)', 'day (month)', 'day (day of week)', 'day (day of year)', 'day (days since first)']);
    for (let c = 0; c < x.width; c++) {
      const col = rowsOf(x).map((r) => r[c]);
      const mean = col.reduce((a, b) => a + b) / col.length;
      const std = Math.sqrt(col.reduce((a, b) => a + (b - mean) ** 2, 0) / col.length);
      expect(mean).toBeCloseTo(0, 6);
      // Every train date is in January 2024: year and month are constant.
      expect(std).toBeCloseTo(c === 2 || c === 3 ? 0 : 1, 6);
    }
  });

  it('treats booleans as 1/0', () => {
    const p = fitPreprocessor(frame, train, ['ok']);
    const ok = p.features[0] as NumericFeature;
    // ok train values 1, 0, 1, (missing), 1 → median 1.
    expect(ok).toMatchObject({ kind: 'numeric', sourceType: 'boolean', impute: 1 });
    expect(ok.mean).toBe(f32(4 / 5));
    const x = transform(p, frame, [2]);
    expect(x.values[0]).toBe(f32((1 - ok.mean) / ok.std));
  });

  it('keeps std 1 for a constant column, so it maps to 0', () => {
    const constant = makeFrame({ k: [7, 7, null, 7] });
    const p = fitPreprocessor(constant, [0, 1, 2, 3], ['k']);
    expect(p.features[0]).toMatchObject({ impute: 7, mean: 7, std: 1 });
    expect(Array.from(transform(p, constant).values)).toEqual([0, 0, 0, 0]);
  });

  it('imputes missing values at transform time and standardises other rows with train statistics', () => {
    const p = fitPreprocessor(frame, train, ['age']);
    const age = p.features[0] as NumericFeature;
    const x = transform(p, frame, [5, 7]);
    expect(Array.from(x.values)).toEqual([f32((1000 - age.mean) / age.std), f32((3 - age.mean) / age.std)]);
  });
});

describe('fitPreprocessor: categorical features', () => {
  it('imputes the most frequent value (ties: the smallest) and one-hot encodes, most frequent first', () => {
    const frame = makeFrame({ city: ['Rome', 'Oslo', 'Oslo', 'Rome', null, 'Bern'] });
    const p = fitPreprocessor(frame, [0, 1, 2, 3, 4, 5], ['city'], { minCategoryCount: 1 });
    // Oslo and Rome have 2 rows each: the tie goes to 'Oslo'.
    expect(p.features[0]).toEqual({ kind: 'categorical', name: 'city', sourceType: 'text', impute: 'Oslo', categories: ['Oslo', 'Rome', 'Bern'], other: false });
    expect(p.columnNames).toEqual(['city=Oslo', 'city=Rome', 'city=Bern']);
    expect(rowsOf(transform(p, frame))).toEqual([
      [0, 1, 0],
      [1, 0, 0],
      [1, 0, 0],
      [0, 1, 0],
      [1, 0, 0], // missing → Oslo
      [0, 0, 1],
    ]);
  });

  it('groups rare categories: they, and unseen values, encode as all zeros', () => {
    const frame = makeFrame({ c: ['a', 'a', 'a', 'b', 'b', 'b', 'c', 'zzz', ''] });
    const p = fitPreprocessor(frame, [0, 1, 2, 3, 4, 5, 6], ['c'], { minCategoryCount: 2 });
    expect(p.features[0]).toMatchObject({ categories: ['a', 'b'], other: false, impute: 'a' });
    // c is rare, zzz was never seen (validation row), '' is missing → impute 'a'.
    expect(rowsOf(transform(p, frame, [6, 7, 8]))).toEqual([
      [0, 0],
      [0, 0],
      [1, 0],
    ]);
  });

  it('caps the categories per column, keeping the most frequent', () => {
    const values = ['d', 'd', 'd', 'd', 'c', 'c', 'c', 'b', 'b', 'a'];
    const frame = makeFrame({ c: values });
    const all = values.map((_, i) => i);
    expect((fitPreprocessor(frame, all, ['c'], { minCategoryCount: 1, maxCategories: 2 }).features[0] as CategoricalFeature).categories).toEqual(['d', 'c']);
    expect(fitPreprocessor(frame, all, ['c'], { minCategoryCount: 1 }).width).toBe(4);
  });

  it('keeps the most frequent category even when every category is rare', () => {
    const frame = makeFrame({ id: ['x', 'y', 'z'] });
    const p = fitPreprocessor(frame, [0, 1, 2], ['id'], { minCategoryCount: 5 });
    expect(p.features[0]).toMatchObject({ categories: ['x'], impute: 'x' });
  });

  it('takes categories from the train rows only', () => {
    const frame = makeFrame({ c: ['a', 'a', 'b', 'b', 'b', 'c', 'c', 'c', 'c', 'c'] });
    const p = fitPreprocessor(frame, [0, 1, 2, 3, 4], ['c'], { minCategoryCount: 1 });
    expect(p.features[0]).toMatchObject({ categories: ['b', 'a'], impute: 'b' });
  });

  it('defaults: at least 2 rows per category in small train parts, 5 from 400 rows', () => {
    expect(defaultMinCategoryCount(20)).toBe(2);
    expect(defaultMinCategoryCount(250)).toBe(3);
    expect(defaultMinCategoryCount(400)).toBe(4);
    expect(defaultMinCategoryCount(401)).toBe(5);
    expect(defaultMinCategoryCount(1_000_000)).toBe(5);
    const frame = makeFrame({ c: ['a', 'a', 'a', 'b', 'b', 'c'] });
    // 6 rows → 2 rows per category: c (1 row) is grouped.
    expect((fitPreprocessor(frame, [0, 1, 2, 3, 4, 5], ['c']).features[0] as CategoricalFeature).categories).toEqual(['a', 'b']);
  });

  it('honours an other column when a preprocessor has one', () => {
    const p: Preprocessor = {
      features: [{ kind: 'categorical', name: 'c', sourceType: 'text', impute: 'a', categories: ['a', 'b'], other: true }],
      width: 3,
      columnNames: ['c=a', 'c=b', 'c=(other)'],
    };
    const frame = makeFrame({ c: ['b', 'new', null] });
    expect(rowsOf(transform(p, frame))).toEqual([
      [0, 1, 0],
      [0, 0, 1],
      [1, 0, 0],
    ]);
    expect(Array.from(transformRecord(p, { c: 'new' }))).toEqual([0, 0, 1]);
  });
});

describe('fitPreprocessor: design matrix layout', () => {
  it('follows the order of the chosen features', () => {
    const frame = makeFrame({ a: [1, 2, 3], c: ['x', 'y', 'x'], b: [true, false, true] });
    const p = fitPreprocessor(frame, [0, 1, 2], ['b', 'c', 'a'], { minCategoryCount: 1 });
    expect(p.columnNames).toEqual(['b', 'c=x', 'c=y', 'a']);
    expect(p.width).toBe(4);
    const x = transform(p, frame, [1]);
    expect(x).toMatchObject({ rows: 1, width: 4 });
    expect(Array.from(x.values.subarray(1, 3))).toEqual([0, 1]);
  });

  it('reads a filtered or reordered table in its visible order', () => {
    const frame = makeFrame({ a: [10, 20, 30, 40], c: ['p', 'q', 'p', 'q'] });
    const p = fitPreprocessor(frame, [0, 1, 2, 3], ['a', 'c'], { minCategoryCount: 1 });
    const reordered = takeRows(frame, [3, 1]);
    expect(rowsOf(transform(p, reordered))).toEqual(rowsOf(transform(p, frame, [3, 1])));
  });
});

describe('transformRecord', () => {
  const frame = makeFrame({
    age: [30, null, 45, 52, 18],
    ok: [true, false, null, true, false],
    day: ['2024-05-01', '2024-05-02', '2024-05-03', null, '2024-06-01'],
    city: ['Oslo', 'Rome', null, 'Oslo', 'Bern'],
    grade: [1.5, 2.25, 3, null, 1e9 + 0.3],
  }, { day: 'date' });
  const p = fitPreprocessor(frame, [0, 1, 2, 3], ['age', 'ok', 'day', 'city', 'grade'], { minCategoryCount: 1 });

  it('gives the same row as transform, for every row', () => {
    const x = transform(p, frame);
    const days = ['2024-05-01', '2024-05-02', '2024-05-03', null, '2024-06-01'];
    const records = [
      { age: 30, ok: true, day: new Date(days[0]!), city: 'Oslo', grade: 1.5 },
      { age: null, ok: false, day: new Date(days[1]!), city: 'Rome', grade: 2.25 },
      { age: 45, ok: null, day: new Date(days[2]!), city: null, grade: 3 },
      { age: 52, ok: true, day: null, city: 'Oslo', grade: null },
      { age: 18, ok: false, day: new Date(days[4]!), city: 'Bern', grade: 1e9 + 0.3 },
    ];
    records.forEach((record, r) => {
      expect(Array.from(transformRecord(p, record))).toEqual(rowsOf(x)[r]);
    });
  });

  it('reads text by the column type, and treats absent fields, NaN, null, "" and NA as missing', () => {
    const typed = transformRecord(p, { age: 30, ok: true, day: new Date('2024-05-01'), city: 'Oslo', grade: 1.5 });
    expect(transformRecord(p, { age: '30', ok: 'true', day: '2024-05-01', city: 'Oslo', grade: ' 1.5 ' })).toEqual(typed);
    expect(transformRecord(p, { day: Date.UTC(2024, 4, 1), age: 30, ok: 1, city: 'Oslo', grade: 1.5 })).toEqual(typed);
    const missing = transformRecord(p, {});
    expect(transformRecord(p, { age: NaN, ok: null, day: 'NA', city: '', grade: '' })).toEqual(missing);
    expect(Array.from(missing)).toEqual(rowsOf(transform(p, makeFrame({ age: [null], ok: [null], day: [null], city: [null], grade: [null] }, { age: 'integer', ok: 'boolean', day: 'date', city: 'text', grade: 'number' })))[0]);
  });

  it('refuses a value that is not of the feature kind, in plain words', () => {
    expectModelError(() => transformRecord(p, { age: 'old' }), /'old' is not a number; the feature age takes numbers/);
    expectModelError(() => transformRecord(p, { ok: 'maybe' }), /'maybe' is not true or false; the feature ok takes true\/false values/);
  });

  it('rounds numeric inputs to float32, as the ONNX input does', () => {
    const grade = p.features[4] as NumericFeature;
    expect(numericInput(grade, 1e9 + 0.3)).toBe(f32(1e9 + 0.3));
    expect(numericInput(grade, null)).toBeNaN();
    expect(categoricalInput(null)).toBe('');
    expect(categoricalInput(3)).toBe('3');
    expect(categoricalInput(true)).toBe('true');
    expect(categoricalInput(new Date(Date.UTC(2024, 0, 2)))).toBe('2024-01-02');
  });
});

describe('fitPreprocessor: refusals', () => {
  const frame = makeFrame({ a: [1, 2, null, 4], empty: [null, null, 3, null], t: ['x', 'y', 'x', 'y'], none: [null, null, 'q', null] }, { none: 'text' });
  const train = [0, 1, 3];

  it('refuses no features', () => {
    expectModelError(() => fitPreprocessor(frame, train, []), /Choose at least one feature/);
  });

  it('refuses the target as a feature', () => {
    expectModelError(() => fitPreprocessor(frame, train, ['a', 't'], { target: 't' }), /t is the target, so it cannot also be a feature/);
  });

  it('refuses a column the data does not have', () => {
    expectModelError(() => fitPreprocessor(frame, train, ['a', 'gone']), /There is no column gone in the data/);
  });

  it('refuses a feature chosen twice', () => {
    expectModelError(() => fitPreprocessor(frame, train, ['a', 'a']), /a is chosen twice/);
  });

  it('refuses a feature with no value in the train rows, naming it', () => {
    expectModelError(() => fitPreprocessor(frame, train, ['a', 'empty']), /The feature empty has no values in the train part/);
    expectModelError(() => fitPreprocessor(frame, train, ['none']), /The feature none has no values in the train part/);
  });

  it('refuses an empty train part', () => {
    expectModelError(() => fitPreprocessor(frame, [], ['a']), /The train part has no rows/);
  });

  it('refuses a frame without a feature at transform time', () => {
    const p = fitPreprocessor(frame, train, ['a']);
    expectModelError(() => transform(p, makeFrame({ b: [1] })), /The data has no column a/);
  });

  it('says which row holds a value of the wrong kind at transform time', () => {
    const p = fitPreprocessor(frame, train, ['a']);
    expectModelError(() => transform(p, makeFrame({ a: ['1', 'two'] })), /Row 2: 'two' is not a number/);
    // Text that reads as numbers is fine.
    expect(Array.from(transform(p, makeFrame({ a: ['1', 'NA'] })).values)).toEqual(Array.from(transform(p, makeFrame({ a: [1, null] })).values));
  });
});

describe('date features', () => {
  const DAY = 86_400_000;
  const days = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) / DAY;
  // Train rows 0–4: Mon 1, Wed 3, (missing), Fri 5, Sun 7 January 2024; validation rows far earlier.
  const frame = makeFrame({ day: ['2024-01-01', '2024-01-03', null, '2024-01-05', '2024-01-07', '1990-06-15', '1999-12-31', null] }, { day: 'date' });
  const train = [0, 1, 2, 3, 4];

  it('expand into year, month, day of week, day of year and days since the first train date', () => {
    const p = fitPreprocessor(frame, train, ['day']);
    const f = p.features[0] as NumericFeature;
    expect(p.width).toBe(5);
    // The first date is fitted on train rows only: the 1990 validation dates do not move it.
    expect(f.date!.origin).toBe(days(2024, 1, 1));
    // Per-part medians of the present train dates: dow 0,1,3,5 → 2; day of year 1,3,5,7 → 4; since 0,2,4,6 → 3.
    expect(f.date!.impute).toEqual([2024, 1, 2, 4, 3]);
    expect(f.date!.mean.slice(0, 2)).toEqual([2024, 1]);
    expect(f.date!.std.slice(0, 2)).toEqual([1, 1]);
    // Day of week over the imputed rows 1, 3, 2, 5, 0: mean 11/5.
    expect(f.date!.mean[2]).toBeCloseTo(11 / 5, 12);
    // A validation row: 31 December 1999 (a Friday, day 365), 8,767 days before the first train date.
    const x = rowsOf(transform(p, frame, [6]))[0];
    const raw = [1999, 12, 5, 365, days(1999, 12, 31) - days(2024, 1, 1)];
    expect(x).toEqual(raw.map((v, j) => f32((v - f.date!.mean[j]) / f.date!.std[j])));
    // A missing date takes each part's median.
    expect(rowsOf(transform(p, frame, [7]))[0]).toEqual(f.date!.impute.map((v, j) => f32((v - f.date!.mean[j]) / f.date!.std[j])));
  });

  it('take the date as float32 days since 1970, rounded down so a time before midnight keeps its day', () => {
    const p = fitPreprocessor(frame, train, ['day']);
    const f = p.features[0] as NumericFeature;
    expect(numericInput(f, new Date(Date.UTC(2024, 0, 3)))).toBe(days(2024, 1, 3));
    expect(numericInput(f, '2024-01-03T12:00')).toBe(days(2024, 1, 3) + 0.5);
    expect(numericInput(f, '03.01.2024')).toBe(days(2024, 1, 3));
    const late = Date.UTC(2024, 0, 3, 23, 59, 59, 999);
    // Rounding to the nearest float32 would make it 4 January.
    expect(Math.floor(Math.fround(late / DAY))).toBe(days(2024, 1, 4));
    expect(Math.floor(numericInput(f, late))).toBe(days(2024, 1, 3));
    expect(numericInput(f, null)).toBeNaN();
    expectModelError(() => numericInput(f, 'soon'), /'soon' is not a date/);
  });
});
