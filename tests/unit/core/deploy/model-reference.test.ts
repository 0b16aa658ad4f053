import { describe, expect, it } from 'vitest';
import { modelReference } from '$src/core/deploy/model-reference';
import { buildReference } from '$src/core/deploy/reference';
import { PART } from '$src/core/data/frame';
import { fitPreprocessor, transform } from '$src/core/model/features';
import { forward } from '$src/core/model/predict';
import { predictEnsemble } from '$src/core/model/trees/ensemble';
import type { ModelParameters } from '$src/core/model/types';
import { frameOf } from '../../helpers/frames';

/** Six rows: three train, one validation, two test (the test rows far outside the train range). */
function sixRows() {
  const frame = frameOf({
    x: { type: 'number', values: Float64Array.from([1, 2, 3, 4, 100, 200]) },
    y: { type: 'number', values: Float64Array.from([2, 4, 6, 8, 200, 400]) },
  });
  const parts = Uint8Array.from([PART.train, PART.train, PART.validation, PART.train, PART.test, PART.test]);
  return { frame, parts, train: [0, 1, 3] };
}

/** One boosted stump on design column `column` at `threshold`: left 3, right 7, on a base of 1. */
function stump(column: number, threshold: number) {
  return {
    trees: [{ tree: { feature: Int32Array.of(column, -1, -1), threshold: Float32Array.of(threshold, 0, 0), missingLeft: Uint8Array.of(0, 0, 0), left: Int32Array.of(1, -1, -1), right: Int32Array.of(2, -1, -1), value: Float32Array.of(0, 3, 7), samples: Int32Array.of(3, 2, 1) }, output: 0 }],
    outputs: 1, base: Float32Array.of(1), aggregate: 'sum' as const, link: 'identity' as const,
  };
}

describe('the reference of a trained model', () => {
  it('describes the train rows only, with the model\'s own predictions there', () => {
    const { frame, parts, train } = sixRows();
    const preprocessor = fitPreprocessor(frame, train, ['x']);
    const parameters: ModelParameters = {
      kind: 'linear-regression', task: 'regression', outputScale: null,
      layers: [{ inputs: 1, outputs: 1, weights: Float32Array.from([2]), bias: Float32Array.from([0.5]), activation: 'linear' }],
    };
    const model = { parameters, preprocessor, target: { task: 'regression' as const, column: 'y', classes: [] }, features: ['x'] };
    const reference = modelReference(frame, parts, model);
    const output = forward(parameters, transform(preprocessor, frame, train));
    expect(reference).toEqual(buildReference(frame, train, ['x'], { task: 'regression', classes: [], output }));
    expect(reference.features.map((f) => f.feature)).toEqual(['x']);
  });

  it('takes a tree model unchanged: its predictions are the ensemble\'s', () => {
    const { frame, parts, train } = sixRows();
    const preprocessor = fitPreprocessor(frame, train, ['x']);
    // One stump on the standardised x: below 0 → 3, else → 7, on a base of 1.
    const ensemble = stump(0, 0);
    const parameters: ModelParameters = { kind: 'gradient-boosted-trees', task: 'regression', ensemble };
    const model = { parameters, preprocessor, target: { task: 'regression' as const, column: 'y', classes: [] }, features: ['x'] };
    const output = predictEnsemble(ensemble, transform(preprocessor, frame, train));
    expect(Array.from(output)).toEqual([4, 4, 8]);
    expect(modelReference(frame, parts, model)).toEqual(buildReference(frame, train, ['x'], { task: 'regression', classes: [], output }));
  });

  it("takes a tree model on its own preprocessing (raw numbers, ordinal codes, missing values) unchanged", () => {
    const frame = frameOf({
      x: { type: 'number', values: Float64Array.from([1, NaN, 3, 4, 100, 200]) },
      c: { type: 'text', values: ['a', 'b', null, 'a', 'z', 'b'] },
      y: { type: 'number', values: Float64Array.from([2, 4, 6, 8, 200, 400]) },
    });
    const { parts, train } = sixRows();
    const preprocessor = fitPreprocessor(frame, train, ['x', 'c'], { minCategoryCount: 1, trees: { task: 'regression', y: [2, 4, 8], classes: 0 } });
    // Train means of y: a 5, b 4, so b is code 0 and a code 1. One stump on the code: b → 3, a → 7.
    const ensemble = stump(1, 0.5);
    const parameters: ModelParameters = { kind: 'gradient-boosted-trees', task: 'regression', ensemble };
    const model = { parameters, preprocessor, target: { task: 'regression' as const, column: 'y', classes: [] }, features: ['x', 'c'] };
    const output = predictEnsemble(ensemble, transform(preprocessor, frame, train));
    expect((preprocessor.features[1] as { categories: string[] }).categories).toEqual(['b', 'a']);
    expect(Array.from(output)).toEqual([8, 4, 8]);
    const reference = modelReference(frame, parts, model);
    expect(reference).toEqual(buildReference(frame, train, ['x', 'c'], { task: 'regression', classes: [], output }));
    expect(reference.features.find((f) => f.feature === 'x')!.missingShare).toBeCloseTo(1 / 3, 10);
  });
});
