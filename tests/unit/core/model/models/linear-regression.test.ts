import { describe, expect, it } from 'vitest';
import { trainLinearRegression } from '$src/core/model/models/linear-regression';
import { ModelError } from '$src/core/model/errors';
import { createRandom } from '$src/core/random';
import { trainingData } from '../training-data';

/** The fitted model's raw-scale slope per input and intercept. */
function coefficients(result: ReturnType<typeof trainLinearRegression>): { slopes: number[]; intercept: number } {
  const [layer] = result.parameters.layers;
  const { mean, std } = result.parameters.outputScale!;
  return { slopes: Array.from(layer.weights, (w) => w * std), intercept: layer.bias[0] * std + mean };
}

describe('trainLinearRegression', () => {
  it('recovers the coefficients of noiseless data', () => {
    const random = createRandom(1);
    const truth = [2, -0.5, 0, 3.25];
    const x = Array.from({ length: 200 }, () => truth.map(() => random.normal()));
    const y = x.map((row) => 7 + row.reduce((s, v, i) => s + v * truth[i], 0));
    const result = trainLinearRegression(trainingData('regression', { x, y }));
    const { slopes, intercept } = coefficients(result);
    slopes.forEach((s, i) => expect(Math.abs(s - truth[i])).toBeLessThan(1e-4));
    expect(Math.abs(intercept - 7)).toBeLessThan(1e-4);
    expect(result.parameters).toMatchObject({ kind: 'linear-regression', task: 'regression' });
    expect(result.curve[0].trainMetric).toBeGreaterThan(1 - 1e-8);
    expect(result.curve[0].trainLoss).toBeLessThan(1e-10);
  });

  it('solves collinear inputs (a full one-hot block and a constant column)', () => {
    const x: number[][] = [];
    const y: number[] = [];
    for (let i = 0; i < 60; i++) {
      const k = i % 3;
      const v = (i % 7) - 3;
      x.push([k === 0 ? 1 : 0, k === 1 ? 1 : 0, k === 2 ? 1 : 0, 0, v]);
      y.push(10 * k + 2 * v);
    }
    const result = trainLinearRegression(trainingData('regression', { x, y }));
    expect(result.parameters.layers[0].weights.every(Number.isFinite)).toBe(true);
    expect(result.curve[0].trainMetric).toBeGreaterThan(1 - 1e-6);
  });

  it('shrinks the slope by n·l2, the minimiser of MSE + l2·w²', () => {
    const x = [[-2], [-1], [0], [1], [2]];
    const y = [-4, -2, 0, 2, 4]; // slope 2, Sxx = 10, Sxy = 20
    const l2 = 0.5;
    const { slopes } = coefficients(trainLinearRegression(trainingData('regression', { x, y }), { l2 }));
    expect(slopes[0]).toBeCloseTo(20 / (10 + 5 * l2), 5);
  });

  it('predicts the mean of a constant target', () => {
    const x = [[1], [2], [3]];
    const { slopes, intercept } = coefficients(trainLinearRegression(trainingData('regression', { x, y: [5, 5, 5] })));
    expect(slopes[0]).toBeCloseTo(0, 10);
    expect(intercept).toBeCloseTo(5, 10);
  });

  it('refuses a negative L2 penalty and a classification target', () => {
    const data = trainingData('regression', { x: [[1], [2]], y: [1, 2] });
    expect(() => trainLinearRegression(data, { l2: -1 })).toThrow(ModelError);
    const classification = trainingData('classification', { x: [[1], [2]], y: [0, 1] });
    expect(() => trainLinearRegression(classification)).toThrow(/regression/);
  });
});
