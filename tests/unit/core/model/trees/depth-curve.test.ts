import { describe, expect, it } from 'vitest';
import { classificationMetrics, regressionMetrics } from '$src/core/model/metrics';
import { depthCurve } from '$src/core/model/trees/depth-curve';
import { trainDecisionTree } from '$src/core/model/trees/decision-tree';
import { predictEnsemble } from '$src/core/model/trees/ensemble';
import type { TrainingData } from '$src/core/model/types';
import { moons, trainingData } from '../training-data';

function validationScore(data: TrainingData, maxDepth: number): number {
  const p = predictEnsemble(trainDecisionTree(data, { maxDepth }).ensemble, data.validation.x);
  return data.target.task === 'regression' ? regressionMetrics(data.validation.y, p)['R²']! : classificationMetrics(data.validation.y, p, data.target.classes).Accuracy!;
}

describe('depthCurve', () => {
  it('classification: one point per depth, each the tree trained with that Max depth; the train part improves to (almost) perfect while validation peaks earlier', () => {
    const data = trainingData('classification', moons(500, 0.35, 1), moons(500, 0.35, 2), ['a', 'b']);
    const full = trainDecisionTree(data);
    const curve = depthCurve(full, data);
    expect(curve).toHaveLength(full.depth);
    expect(curve.map((r) => r.epoch)).toEqual(Array.from({ length: full.depth }, (_, d) => d + 1));
    for (const d of [1, 3, 6]) expect(curve[d - 1].validationMetric).toBeCloseTo(validationScore(data, d), 12);
    for (let d = 1; d < curve.length; d++) expect(curve[d].trainLoss).toBeLessThanOrEqual(curve[d - 1].trainLoss + 1e-12);
    expect(curve[curve.length - 1].trainMetric).toBeGreaterThan(0.99);
    const best = Math.max(...curve.map((r) => r.validationMetric));
    // Overfitting shows: the fully grown tree scores below the best depth on validation, with a far higher loss.
    expect(curve[curve.length - 1].validationMetric).toBeLessThan(best);
    expect(curve[curve.length - 1].validationLoss).toBeGreaterThan(2 * Math.min(...curve.map((r) => r.validationLoss)));
  });

  it('regression: R² per depth equals the tree trained at that depth; the loss is the squared error over the train variance', () => {
    const x: number[][] = [];
    const y: number[] = [];
    for (let i = 0; i < 300; i++) {
      const v = (i * 7919) % 300 / 30;
      x.push([v]);
      y.push(Math.sin(v) + ((i * 31) % 7) / 10);
    }
    const data = trainingData('regression', { x: x.slice(0, 200), y: y.slice(0, 200) }, { x: x.slice(200), y: y.slice(200) });
    const full = trainDecisionTree(data);
    const curve = depthCurve(full, data);
    // To float32 rounding: the ensemble's leaf values are float32, the curve reads the float64 means.
    for (const d of [1, 2, 4]) expect(curve[d - 1].validationMetric).toBeCloseTo(validationScore(data, d), 6);
    // On the train part, loss = (1 − R²) × (variance / variance).
    for (const r of curve) expect(r.trainLoss).toBeCloseTo(1 - r.trainMetric, 10);
  });

  it('a tree that is a single leaf has one point: the root answers', () => {
    const data = trainingData('regression', { x: [[1], [2], [3]], y: [4, 4, 4] });
    const curve = depthCurve(trainDecisionTree(data), data);
    expect(curve).toEqual([{ epoch: 1, trainLoss: 0, validationLoss: 0, trainMetric: 1, validationMetric: 1 }]);
  });
});
