import { describe, expect, it } from 'vitest';
import { trainBaseline } from '$src/core/model/models/baseline';
import { predictModel } from '$src/core/model/predict';
import { trainingData } from '../training-data';

function softmax(v: ArrayLike<number>): number[] {
  const e = Array.from(v, (x) => Math.exp(x));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
}

describe('trainBaseline', () => {
  it('predicts the train class frequencies for every row (classification)', () => {
    const x = [[1, 2], [3, 4], [5, 6], [7, 8], [9, 10]];
    const data = trainingData('classification', { x, y: [0, 1, 1, 2, 1] }, { x: [[0, 0], [1, 1]], y: [1, 0] }, ['a', 'b', 'c']);
    const result = trainBaseline(data, 'classification');
    const [layer] = result.parameters.layers;
    expect(result.parameters).toMatchObject({ kind: 'baseline', task: 'classification', outputScale: null });
    expect(layer).toMatchObject({ inputs: 2, outputs: 3, activation: 'linear' });
    expect(Array.from(layer.weights)).toEqual([0, 0, 0, 0, 0, 0]);
    const p = softmax(layer.bias);
    [0.2, 0.6, 0.2].forEach((f, i) => expect(p[i]).toBeCloseTo(f, 6));
    // Log loss of the frequencies: train = their entropy; validation = −(ln 0.6 + ln 0.2) / 2.
    const [record] = result.curve;
    const entropy = -(0.2 * Math.log(0.2) * 2 + 0.6 * Math.log(0.6));
    expect(record.trainLoss).toBeCloseTo(entropy, 5);
    expect(record.validationLoss).toBeCloseTo(-(Math.log(0.6) + Math.log(0.2)) / 2, 5);
    expect(record.trainMetric).toBeCloseTo(0.6, 10);
    expect(record.validationMetric).toBe(0.5);
    expect(result).toMatchObject({ bestEpoch: 1, stoppedEarly: false, cancelled: false });
  });

  it("takes a tree model's design matrix with missing (NaN) inputs, and predicts its constant on it", () => {
    const x = [[NaN, 2], [3, NaN], [5, 6], [NaN, NaN]];
    const data = trainingData('classification', { x, y: [0, 1, 1, 1] }, { x: [[NaN, 0], [1, 1]], y: [1, 0] }, ['a', 'b']);
    const result = trainBaseline(data, 'classification');
    expect(result.curve[0].validationMetric).toBe(0.5);
    const p = predictModel(result.parameters, data.train.x);
    expect(Array.from(p, (v) => Math.round(v * 1e6) / 1e6)).toEqual([0.25, 0.75, 0.25, 0.75, 0.25, 0.75, 0.25, 0.75]);
    const regression = trainBaseline(trainingData('regression', { x, y: [1, 2, 3, 6] }), 'regression');
    expect(Array.from(predictModel(regression.parameters, data.train.x))).toEqual([3, 3, 3, 3]);
  });

  it('gives a class missing from the train part a tiny, finite probability', () => {
    const data = trainingData('classification', { x: [[1], [2]], y: [0, 0] }, { x: [[3]], y: [1] }, ['a', 'b']);
    const result = trainBaseline(data, 'classification');
    expect(result.parameters.layers[0].bias.every(Number.isFinite)).toBe(true);
    expect(Number.isFinite(result.curve[0].validationLoss)).toBe(true);
    expect(result.curve[0].validationLoss).toBeGreaterThan(20);
  });

  it('predicts the train mean (regression), with R² 0 on the train part', () => {
    const data = trainingData('regression', { x: [[1], [2], [3], [4]], y: [1, 2, 3, 6] }, { x: [[5], [6]], y: [3, 5] });
    const result = trainBaseline(data, 'regression');
    const [layer] = result.parameters.layers;
    expect(result.parameters.outputScale).toBeNull();
    expect(layer).toMatchObject({ inputs: 1, outputs: 1, activation: 'linear' });
    expect(Array.from(layer.weights)).toEqual([0]);
    expect(layer.bias[0]).toBe(3);
    const [record] = result.curve;
    expect(record.trainMetric).toBeCloseTo(0, 10);
    expect(record.trainLoss).toBeCloseTo(1, 6); // MSE on the standardised target
    expect(record.validationMetric).toBeCloseTo(1 - 4 / 2, 10); // SSE 4, SST 2
  });

  it('reports NaN for an empty validation part', () => {
    const data = trainingData('regression', { x: [[1], [2]], y: [1, 2] }, { x: [], y: [] });
    const [record] = trainBaseline(data, 'regression').curve;
    expect(record.validationLoss).toBeNaN();
    expect(record.validationMetric).toBeNaN();
  });
});
