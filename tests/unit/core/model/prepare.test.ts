import { describe, expect, it } from 'vitest';
import { MessageChannel } from 'node:worker_threads';
import { postTrainingData, prepareEvaluationMatrix, prepareTrainingData } from '$src/core/model/prepare';
import { fitPreprocessor, transform } from '$src/core/model/features';
import type { NumericFeature } from '$src/core/model/types';
import { PART } from '$src/core/data/frame';
import { makeFrame } from '../data/recipe/helpers';
import { expectModelError } from '../../helpers/errors';

const T = PART.train;
const V = PART.validation;
const S = PART.test;

describe('prepareTrainingData', () => {
  const frame = makeFrame({
    size: [1, 2, 3, 4, 500, 600, 700, 800, 900, 1000],
    island: ['A', 'A', 'B', 'B', 'C', 'C', 'C', 'C', 'C', 'A'],
    species: ['x', 'y', 'x', 'y', 'x', 'z', null, 'y', 'x', 'y'],
  });
  //                         0  1  2  3  4  5  6  7  8  9
  const parts = Uint8Array.from([T, T, T, T, T, V, V, V, S, S]);
  const config = { target: 'species', task: 'classification' as const, features: ['size', 'island'] };

  it('fits the preprocessing on the train rows only and transforms train and validation', () => {
    const data = prepareTrainingData(frame, parts, config, { minCategoryCount: 1 });
    expect(data.target).toEqual({ task: 'classification', column: 'species', classes: ['x', 'y'] });
    const expected = fitPreprocessor(frame, [0, 1, 2, 3, 4], ['size', 'island'], { minCategoryCount: 1 });
    expect(data.preprocessor).toEqual(expected);
    // Train median of size is 3, whatever the validation and test rows hold.
    expect((data.preprocessor.features[0] as NumericFeature).impute).toBe(3);
    expect(data.preprocessor.columnNames).toEqual(['size', 'island=A', 'island=B', 'island=C']);

    expect(Array.from(data.trainPositions)).toEqual([0, 1, 2, 3, 4]);
    expect(data.train.x).toEqual(transform(expected, frame, [0, 1, 2, 3, 4]));
    expect(Array.from(data.train.y)).toEqual([0, 1, 0, 1, 0]);

    // Validation: row 5 has class z (not in train), row 6 no target; row 7 is kept.
    expect(Array.from(data.validationPositions)).toEqual([7]);
    expect(data.validation.x).toEqual(transform(expected, frame, [7]));
    expect(Array.from(data.validation.y)).toEqual([1]);
    expect(data.left).toEqual({ trainMissing: 0, validationMissing: 1, validationUnseen: 1 });
  });

  it('leaves train rows without a target out of the fit', () => {
    const f = makeFrame({ size: [1, 2, 3, 1000, 5, 6], y: [1.5, 2.5, 3.5, null, 1, 2] });
    const p = Uint8Array.from([T, T, T, T, V, V]);
    const data = prepareTrainingData(f, p, { target: 'y', task: 'regression', features: ['size'] });
    expect(Array.from(data.trainPositions)).toEqual([0, 1, 2]);
    expect((data.preprocessor.features[0] as NumericFeature).impute).toBe(2);
    expect(data.left.trainMissing).toBe(1);
    expect(data.target.classes).toEqual([]);
    expect(Array.from(data.validation.y)).toEqual([1, 2]);
  });

  it('refuses a feature that is the target, and no features', () => {
    expectModelError(() => prepareTrainingData(frame, parts, { ...config, features: ['size', 'species'] }), /species is the target/);
    expectModelError(() => prepareTrainingData(frame, parts, { ...config, features: [] }), /Choose at least one feature/);
  });

  it('refuses an empty train part', () => {
    const none = Uint8Array.from([V, V, V, V, V, V, V, V, S, S]);
    expectModelError(() => prepareTrainingData(frame, none, config), /The train part has no rows/);
  });

  it('refuses a validation part without usable rows, saying why', () => {
    const noValidation = Uint8Array.from([T, T, T, T, T, T, T, T, S, S]);
    expectModelError(() => prepareTrainingData(frame, noValidation, config), /The validation part has no rows, so training cannot be checked/);
    const onlyUnusable = Uint8Array.from([T, T, T, T, T, V, V, T, S, S]);
    expectModelError(
      () => prepareTrainingData(frame, onlyUnusable, config),
      /The validation part has no rows with a target value the model can be scored on \(1 row without a target value, 1 row with a class the train part does not have\)/,
    );
  });

  it('refuses a split that does not match the data', () => {
    expect(() => prepareTrainingData(frame, Uint8Array.from([T, V]), config)).toThrow(/The split covers 2 rows but the data has 10/);
  });
});

describe('prepareEvaluationMatrix', () => {
  const frame = makeFrame({
    size: [1, 2, 3, 4, 5, 6, null, 8],
    species: ['x', 'y', 'x', 'y', 'x', 'y', 'x', null],
  });
  const parts = Uint8Array.from([T, T, T, V, V, S, S, S]);

  it('uses the model preprocessing and encoding on the asked part', () => {
    const data = prepareTrainingData(frame, parts, { target: 'species', task: 'classification', features: ['size'] });
    const test = prepareEvaluationMatrix(frame, parts, 'test', data.preprocessor, data.target);
    expect(Array.from(test.positions)).toEqual([5, 6]);
    expect(test.x).toEqual(transform(data.preprocessor, frame, [5, 6]));
    // Row 6's size is missing → the train median 2.
    expect(test.x.values[1]).toBe(transform(data.preprocessor, frame, [1]).values[0]);
    expect(Array.from(test.y)).toEqual([1, 0]);
    expect(test.missing).toBe(1);
    expect(test.unseen).toBe(0);
    const validation = prepareEvaluationMatrix(frame, parts, 'validation', data.preprocessor, data.target);
    expect(validation.x).toEqual(data.validation.x);
    expect(validation.y).toEqual(data.validation.y);
  });

  it('refuses a part without rows', () => {
    const data = prepareTrainingData(frame, parts, { target: 'species', task: 'classification', features: ['size'] });
    const noTest = Uint8Array.from([T, T, T, V, V, V, V, V]);
    expectModelError(() => prepareEvaluationMatrix(frame, noTest, 'test', data.preprocessor, data.target), /The test part has no rows, so there is nothing to evaluate/);
  });
});

describe('postTrainingData', () => {
  it('counts the rows of each part before their arrays move to the train worker', async () => {
    const frame = makeFrame({ x: [1, 2, 3, 4, 5, 6], y: ['a', 'b', 'a', 'b', 'a', 'b'] });
    const parts = Uint8Array.from([T, T, T, T, V, V]);
    const data = prepareTrainingData(frame, parts, { target: 'y', task: 'classification', features: ['x'] });
    const { port1, port2 } = new MessageChannel();
    const received = new Promise<{ train: { y: Float32Array } }>((resolve) => port2.once('message', resolve));
    const counts = postTrainingData(data, port1 as unknown as Parameters<typeof postTrainingData>[1]);
    expect(counts).toEqual({ trainRows: 4, validationRows: 2 });
    // The arrays were moved, not copied: empty on this side, whole on the other.
    expect(data.train.y.length).toBe(0);
    expect((await received).train.y.length).toBe(4);
    port2.close();
  });
});
