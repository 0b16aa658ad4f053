import { describe, expect, it } from 'vitest';
import { featureGroups, gainByFeature, headRows, modelMetrics, validationReport, IMPORTANCE_ROWS } from '$src/core/model/validation-report';
import { classificationMetrics, regressionMetrics } from '$src/core/model/metrics';
import { permutationImportance } from '$src/core/model/importance';
import { predictModel } from '$src/core/model/predict';
import type { FittedFeature, ModelParameters } from '$src/core/model/types';
import { trainingData } from './training-data';
import { prepareTrainingData } from '$src/core/model/prepare';
import { trainBaseline } from '$src/core/model/models/baseline';
import { GRADIENT_BOOSTING_DEFAULTS, trainGradientBoosting } from '$src/core/model/trees/gradient-boosting';
import { FEATURES, fixtureFrame } from '../package/onnx/helpers';

/** A linear regressor y = a·x1 + b·x2 + c, as the forward pass runs it. */
function linear(a: number, b: number, c: number): ModelParameters {
  return {
    kind: 'linear-regression', task: 'regression', outputScale: null,
    layers: [{ inputs: 2, outputs: 1, weights: Float32Array.from([a, b]), bias: Float32Array.from([c]), activation: 'linear' }],
  };
}

describe('model metrics', () => {
  it('are the task\'s metrics', () => {
    const y = Float32Array.from([1, 0]);
    const p = Float32Array.from([0.2, 0.8, 0.6, 0.4]);
    expect(modelMetrics({ task: 'classification', classes: ['a', 'b'] }, y, p)).toEqual(classificationMetrics(y, p, ['a', 'b']));
    expect(modelMetrics({ task: 'regression', classes: [] }, y, Float32Array.from([0.5, 0]))).toEqual(regressionMetrics(y, Float32Array.from([0.5, 0])));
  });
});

describe('the validation report', () => {
  const x = Array.from({ length: 30 }, (_, i) => [i / 10, (i % 7) / 3]);
  const plain = trainingData('regression', { x, y: x.map(([a]) => 2 * a + 1) });
  const numeric = (name: string): FittedFeature => ({ kind: 'numeric', name, sourceType: 'number', impute: 0, mean: 0, std: 1 });
  const data = { ...plain, preprocessor: { ...plain.preprocessor, features: [numeric('x1'), numeric('x2')] } };

  it('measures the model and the baseline on the validation part, with the importance of each column', () => {
    const model = linear(2, 0, 1);
    const baseline = linear(0, 0, 3.9);
    const report = validationReport(data, model, baseline, 7);
    expect(Array.from(report.output)).toEqual(Array.from(predictModel(model, data.validation.x)));
    expect(report.y).toBe(data.validation.y);
    expect(report.metrics['R²']).toBeCloseTo(1, 5);
    expect(report.baseline).toEqual(regressionMetrics(data.validation.y, predictModel(baseline, data.validation.x)));
    expect(report.importance).toEqual(permutationImportance(
      (m) => predictModel(model, m), data.validation.x, data.validation.y, 'regression', [], [{ feature: 'x1', columns: [0] }, { feature: 'x2', columns: [1] }], { seed: 7 },
    ));
    // The model reads x1 only: shuffling x2 costs nothing.
    expect(report.importance.map((i) => i.feature)).toEqual(['x1', 'x2']);
    expect(report.importance[0].importance).toBeGreaterThan(0.5);
    expect(report.importance[1].importance).toBe(0);
  });

  it('permutes only the first IMPORTANCE_ROWS rows', () => {
    const rows = IMPORTANCE_ROWS + 10;
    const big = trainingData('regression', { x: Array.from({ length: rows }, (_, i) => [i, 1]), y: Array.from({ length: rows }, (_, i) => i) });
    const head = headRows(big.validation.x, big.validation.y, IMPORTANCE_ROWS);
    expect(head.x.rows).toBe(IMPORTANCE_ROWS);
    expect(head.x.values).toHaveLength(IMPORTANCE_ROWS * 2);
    expect(head.y).toHaveLength(IMPORTANCE_ROWS);
    expect(head.x.values.buffer).toBe(big.validation.x.values.buffer);
    expect(headRows(data.validation.x, data.validation.y, IMPORTANCE_ROWS).x).toBe(data.validation.x);
  });
});

describe('feature groups', () => {
  it('give each feature its design columns: one per number, one per date part, a one-hot block per category list', () => {
    const features: FittedFeature[] = [
      { kind: 'numeric', name: 'mass', sourceType: 'number', impute: 0, mean: 0, std: 1 },
      { kind: 'categorical', name: 'island', sourceType: 'text', impute: 'a', categories: ['a', 'b'], other: true },
      { kind: 'numeric', name: 'seen', sourceType: 'date', impute: 0, mean: 0, std: 1, date: { origin: 0, impute: [0, 0, 0], mean: [0, 0, 0], std: [1, 1, 1] } },
      { kind: 'categorical', name: 'sex', sourceType: 'text', impute: 'f', categories: ['f', 'm'], other: false },
    ];
    expect(featureGroups({ preprocessor: { features, width: 9, columnNames: [] } })).toEqual([
      { feature: 'mass', columns: [0] },
      { feature: 'island', columns: [1, 2, 3] },
      { feature: 'seen', columns: [4, 5, 6] },
      { feature: 'sex', columns: [7, 8] },
    ]);
  });

  it("give a tree model's ordinal category and raw number one column each", () => {
    const features: FittedFeature[] = [
      { kind: 'categorical', name: 'island', sourceType: 'text', impute: 'a', categories: ['b', 'a', 'c'], other: false, encoding: 'ordinal' },
      { kind: 'numeric', name: 'mass', sourceType: 'number', impute: 0, mean: 0, std: 1, encoding: 'raw' },
      { kind: 'categorical', name: 'sex', sourceType: 'text', impute: 'f', categories: ['f', 'm'], other: false, encoding: 'one-hot' },
    ];
    expect(featureGroups({ preprocessor: { features, width: 4, columnNames: [] } })).toEqual([
      { feature: 'island', columns: [0] },
      { feature: 'mass', columns: [1] },
      { feature: 'sex', columns: [2, 3] },
    ]);
  });

  it("adds a feature's design columns' split gains into its total gain, largest first, with shares of the whole", () => {
    const features: FittedFeature[] = [
      { kind: 'numeric', name: 'mass', sourceType: 'number', impute: 0, mean: 0, std: 1 },
      { kind: 'categorical', name: 'island', sourceType: 'text', impute: 'a', categories: ['a', 'b'], other: true },
    ];
    const gain = gainByFeature({ preprocessor: { features, width: 4, columnNames: [] } }, Float64Array.of(2, 1, 3, 2));
    expect(gain).toEqual([
      { feature: 'island', gain: 6, share: 0.75 },
      { feature: 'mass', gain: 2, share: 0.25 },
    ]);
    expect(gainByFeature({ preprocessor: { features, width: 4, columnNames: [] } }, new Float64Array(4)).map((g) => g.share)).toEqual([0, 0]);
  });
});

describe('validation report of a tree model on its own preprocessing', () => {
  it('scores the model and the baseline on a matrix with missing (NaN) inputs and ordinal codes', async () => {
    const { frame, parts } = fixtureFrame(81, 300);
    const data = prepareTrainingData(frame, parts, { target: 'species', task: 'classification', features: FEATURES, kind: 'gradient-boosted-trees' });
    expect(Array.from(data.validation.x.values).some(Number.isNaN)).toBe(true);
    const boosted = await trainGradientBoosting(data, { ...GRADIENT_BOOSTING_DEFAULTS, iterations: 20 });
    const model = { kind: 'gradient-boosted-trees' as const, task: 'classification' as const, ensemble: boosted.ensemble };
    const baseline = trainBaseline(data, 'classification');
    const report = validationReport(data, model, baseline.parameters, 1, { columnGain: boosted.featureGain });
    expect(Object.values(report.metrics).every((v) => v === null || Number.isFinite(v))).toBe(true);
    expect(Object.values(report.baseline).every((v) => v === null || Number.isFinite(v))).toBe(true);
    expect(report.metrics.Accuracy).toBeGreaterThan(report.baseline.Accuracy as number);
    expect(report.importance.map((i) => i.feature).sort()).toEqual([...FEATURES].sort());
    expect(report.importance.every((i) => Number.isFinite(i.importance))).toBe(true);
  });
});
