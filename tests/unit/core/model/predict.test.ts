import { describe, expect, it } from 'vitest';
import { forward, predictClassIndices, predictLabels } from '$src/core/model/predict';
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
