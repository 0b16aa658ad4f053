import { describe, expect, it } from 'vitest';
import { forward, predictClassIndices, predictLabels, predictModel } from '$src/core/model/predict';
import { predictEnsemble, type Tree, type TreeEnsemble } from '$src/core/model/trees/ensemble';
import { ModelError } from '$src/core/model/errors';
import type { DenseLayer, DesignMatrix, ModelParameters } from '$src/core/model/types';

function layer(inputs: number, outputs: number, weights: number[], bias: number[], activation: DenseLayer['activation']): DenseLayer {
  return { inputs, outputs, weights: Float32Array.from(weights), bias: Float32Array.from(bias), activation };
}

function matrix(rows: number[][]): DesignMatrix {
  return { rows: rows.length, width: rows[0].length, values: Float32Array.from(rows.flat()) };
}

// Hidden layer: inputs × outputs = [[1, −1], [0.5, 2]], bias [0, 0.5], relu.
const hidden = layer(2, 2, [1, -1, 0.5, 2], [0, 0.5], 'relu');
const x = matrix([
  [2, 1], // h = relu([2 + 0.5, −2 + 2 + 0.5]) = [2.5, 0.5]
  [-1, 0], // h = relu([−1, 1 + 0.5]) = [0, 1.5]
]);

function softmax(z: number[]): number[] {
  const e = z.map(Math.exp);
  const s = e.reduce((a, b) => a + b);
  return e.map((v) => Math.fround(v / s));
}

describe('forward: classification', () => {
  // Output layer: [[1, 0, −1], [0, 1, 1]], no bias, linear → logits [h0, h1, h1 − h0].
  const parameters: ModelParameters = {
    kind: 'mlp',
    task: 'classification',
    layers: [hidden, layer(2, 3, [1, 0, -1, 0, 1, 1], [0, 0, 0], 'linear')],
    outputScale: null,
  };

  it('matches the hand-computed softmax of a two-layer net', () => {
    const p = forward(parameters, x);
    expect(p).toBeInstanceOf(Float32Array);
    expect(p.length).toBe(6);
    expect(Array.from(p.subarray(0, 3))).toEqual(softmax([2.5, 0.5, -2]));
    expect(Array.from(p.subarray(3, 6))).toEqual(softmax([0, 1.5, 1.5]));
  });

  it('gives probabilities that sum to 1', () => {
    const p = forward(parameters, x);
    for (let r = 0; r < 2; r++) expect(p[r * 3] + p[r * 3 + 1] + p[r * 3 + 2]).toBeCloseTo(1, 6);
  });

  it('is numerically stable for large logits', () => {
    const big: ModelParameters = { kind: 'logistic-regression', task: 'classification', layers: [layer(1, 2, [1000, -1000], [0, 0], 'linear')], outputScale: null };
    expect(Array.from(forward(big, matrix([[1], [-1], [0]])))).toEqual([1, 0, 0, 1, 0.5, 0.5]);
  });

  it('is deterministic', () => {
    expect(forward(parameters, x)).toEqual(forward(parameters, x));
  });

  it('applies tanh and sigmoid', () => {
    const tanh: ModelParameters = { kind: 'mlp', task: 'regression', layers: [layer(1, 1, [2], [0], 'tanh')], outputScale: null };
    expect(forward(tanh, matrix([[0.5]]))[0]).toBe(Math.fround(Math.tanh(1)));
    const sigmoid: ModelParameters = { kind: 'mlp', task: 'regression', layers: [layer(1, 1, [1], [1], 'sigmoid')], outputScale: null };
    expect(forward(sigmoid, matrix([[1], [-1]]))).toEqual(Float32Array.from([1 / (1 + Math.exp(-2)), 0.5]));
  });
});

describe('forward: regression', () => {
  // Output layer: [2, −1] + 0.25 → row 1: 5 − 0.5 + 0.25 = 4.75; row 2: 0 − 1.5 + 0.25 = −1.25.
  const output = layer(2, 1, [2, -1], [0.25], 'linear');

  it('gives one value per row on the target scale', () => {
    const scaled: ModelParameters = { kind: 'mlp', task: 'regression', layers: [hidden, output], outputScale: { mean: 10, std: 2 } };
    expect(Array.from(forward(scaled, x))).toEqual([4.75 * 2 + 10, -1.25 * 2 + 10]);
  });

  it('leaves the output as is without an output scale', () => {
    const plain: ModelParameters = { kind: 'linear-regression', task: 'regression', layers: [hidden, output], outputScale: null };
    expect(Array.from(forward(plain, x))).toEqual([4.75, -1.25]);
  });

  it('handles an empty matrix', () => {
    const plain: ModelParameters = { kind: 'linear-regression', task: 'regression', layers: [hidden, output], outputScale: null };
    expect(forward(plain, { rows: 0, width: 2, values: new Float32Array(0) }).length).toBe(0);
  });
});

describe('forward: refusals', () => {
  it('refuses layers that do not fit the data or the task', () => {
    const regression: ModelParameters = { kind: 'mlp', task: 'regression', layers: [hidden], outputScale: null };
    expect(() => forward(regression, x)).toThrow(ModelError);
    expect(() => forward(regression, x)).toThrow(/A regression model gives one output; this one gives 2/);
    const wide: ModelParameters = { kind: 'mlp', task: 'classification', layers: [hidden], outputScale: null };
    expect(() => forward(wide, matrix([[1, 2, 3]]))).toThrow(/takes 2 input columns but the data gives 3/);
    const broken: ModelParameters = { kind: 'mlp', task: 'classification', layers: [hidden, layer(3, 2, [1, 2, 3, 4, 5, 6], [0, 0], 'linear')], outputScale: null };
    expect(() => forward(broken, x)).toThrow(/Layer 2 of the model takes 3 inputs but the layer before gives 2/);
    const empty: ModelParameters = { kind: 'baseline', task: 'classification', layers: [], outputScale: null };
    expect(() => forward(empty, x)).toThrow(/no layers/);
  });
});

describe('predictLabels', () => {
  it('takes the most probable class of each row, ties to the first', () => {
    const p = Float32Array.from([0.2, 0.5, 0.3, 0.4, 0.4, 0.2, 0.1, 0.1, 0.8]);
    expect(Array.from(predictClassIndices(p, 3))).toEqual([1, 0, 2]);
    expect(predictLabels(p, ['a', 'b', 'c'])).toEqual(['b', 'a', 'c']);
  });

  it('refuses probabilities that do not make whole rows', () => {
    expect(() => predictLabels(Float32Array.from([0.5, 0.5, 1]), ['a', 'b'])).toThrow(ModelError);
  });
});

/** A stump on column `feature`: left leaf `l`, right leaf `r`, missing values right. */
function stump(feature: number, threshold: number, l: number, r: number): Tree {
  return {
    feature: Int32Array.of(feature, -1, -1),
    threshold: Float32Array.of(threshold, 0, 0),
    missingLeft: Uint8Array.of(0, 0, 0),
    left: Int32Array.of(1, -1, -1),
    right: Int32Array.of(2, -1, -1),
    value: Float32Array.of(0, l, r),
    samples: Int32Array.of(10, 5, 5),
  };
}

describe('predictModel: one entry for every kind', () => {
  const dense: ModelParameters = { kind: 'mlp', task: 'classification', layers: [hidden, layer(2, 3, [1, 0, -1, 0, 1, 1], [0, 0, 0], 'linear')], outputScale: null };

  it('runs dense layers exactly as forward does', () => {
    expect(Array.from(predictModel(dense, x))).toEqual(Array.from(forward(dense, x)));
  });

  it("runs a tree ensemble as predictEnsemble does: binary boosting gives [1 − p, p] per row", () => {
    const ensemble: TreeEnsemble = { trees: [{ tree: stump(0, 0.5, -1, 2), output: 0 }], outputs: 1, base: Float32Array.of(0.25), aggregate: 'sum', link: 'sigmoid' };
    const out = predictModel({ kind: 'gradient-boosted-trees', task: 'classification', ensemble }, x);
    expect(Array.from(out)).toEqual(Array.from(predictEnsemble(ensemble, x)));
    // Row 1: x0 = 2 > 0.5 goes right, margin 2.25; row 2: x0 = −1 goes left, margin −0.75.
    const p = (m: number) => 1 / (1 + Math.exp(-m));
    expect(out[1]).toBeCloseTo(p(2.25), 6);
    expect(out[3]).toBeCloseTo(p(-0.75), 6);
    expect(predictLabels(out, ['no', 'yes'])).toEqual(['yes', 'no']);
  });

  it('gives a regression ensemble one value per row', () => {
    const ensemble: TreeEnsemble = { trees: [{ tree: stump(1, 0.5, 10, 20), output: 0 }, { tree: stump(0, 0, 1, 2), output: 0 }], outputs: 1, base: Float32Array.of(100), aggregate: 'sum', link: 'identity' };
    expect(Array.from(predictModel({ kind: 'gradient-boosted-trees', task: 'regression', ensemble }, x))).toEqual([122, 111]);
  });

  it('refuses an ensemble that splits on a column the data does not have, or does not fit the task', () => {
    const wide: TreeEnsemble = { trees: [{ tree: stump(5, 0, 1, 2), output: 0 }], outputs: 1, base: Float32Array.of(0), aggregate: 'sum', link: 'identity' };
    expect(() => predictModel({ kind: 'gradient-boosted-trees', task: 'regression', ensemble: wide }, x)).toThrow(ModelError);
    expect(() => predictModel({ kind: 'gradient-boosted-trees', task: 'regression', ensemble: wide }, x)).toThrow(/splits on input column 6 but the data gives 2/);
    const narrow: TreeEnsemble = { ...wide, trees: [{ tree: stump(0, 0, 1, 2), output: 0 }] };
    expect(() => predictModel({ kind: 'gradient-boosted-trees', task: 'classification', ensemble: narrow }, x)).toThrow(/at least two/);
  });
});
