import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { defaultSettings, trainModel } from '$src/core/model/train';
import { predictModel } from '$src/core/model/predict';
import { classificationMetrics } from '$src/core/model/metrics';
import { validationReport } from '$src/core/model/validation-report';
import { boostingSettings, TREES_BACKEND } from '$src/core/model/trees/boosting-model';
import { isEnsembleParameters, type TrainProgress } from '$src/core/model/types';
import { blobs, moons, trainingData } from '../training-data';

describe('gradient-boosted trees through trainModel', () => {
  const settings = defaultSettings('gradient-boosted-trees', 'classification', 400);

  it('maps the Train settings onto the learner: Trees are iterations, Max depth 0 is no limit', () => {
    expect(boostingSettings({ ...settings, epochs: 40, maxDepth: 0 })).toMatchObject({ iterations: 40, maxDepth: null, maxLeaves: 31, minSamplesLeaf: 20, learningRate: 0.1, patience: 10 });
    expect(boostingSettings({ ...settings, maxDepth: 3, maxLeaves: 7, minSamplesLeaf: 2 })).toMatchObject({ maxDepth: 3, maxLeaves: 7, minSamplesLeaf: 2 });
  });

  it('trains in plain TypeScript with one progress record per iteration, and predicts through predictModel', async () => {
    const data = trainingData('classification', moons(400, 0.2, 1), moons(200, 0.2, 2), ['a', 'b']);
    const progress: TrainProgress[] = [];
    const result = await trainModel(data, { ...settings, epochs: 25, patience: 0 }, { tf, onProgress: (p) => progress.push(p) });
    expect(result).toMatchObject({ backend: TREES_BACKEND, cancelled: false, bestEpoch: 25, stoppedEarly: false });
    expect(progress.map((p) => p.epoch)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(progress.every((p) => p.epochs === 25 && p.record !== undefined)).toBe(true);
    expect(result.curve).toHaveLength(25);
    expect(isEnsembleParameters(result.parameters)).toBe(true);
    expect(result.parameters).toMatchObject({ kind: 'gradient-boosted-trees', task: 'classification' });
    const metrics = classificationMetrics(data.validation.y, predictModel(result.parameters, data.validation.x), data.target.classes);
    expect(metrics.Accuracy).toBeCloseTo(result.curve[24].validationMetric, 6);
    expect(metrics.Accuracy).toBeGreaterThan(0.9);
  });

  it('gives the validation report (metrics, baseline, permutation importance) for a boosted model', async () => {
    const data = trainingData('classification', blobs([[0, 0], [3, 0], [0, 3]], 60, 3), blobs([[0, 0], [3, 0], [0, 3]], 30, 4));
    // Two numeric features (one design column each), so importance is reported per feature.
    data.preprocessor.features = ['x1', 'x2'].map((name) => ({ kind: 'numeric', name, sourceType: 'number', impute: 0, mean: 0, std: 1 }));
    const result = await trainModel(data, { ...settings, epochs: 20 }, { tf });
    const baseline = await trainModel(data, { ...settings, kind: 'baseline' }, { tf });
    const report = validationReport(data, result.parameters, baseline.parameters, 1, { columnGain: result.featureGain });
    expect(report.output).toHaveLength(90 * 3);
    // Total gain per feature: both features split the blobs, and the shares add up to 1.
    expect(report.gain!.map((g) => g.feature).sort()).toEqual(['x1', 'x2']);
    expect(report.gain![0].gain).toBeGreaterThanOrEqual(report.gain![1].gain);
    expect(report.gain!.every((g) => g.gain > 0)).toBe(true);
    expect(report.gain![0].share + report.gain![1].share).toBeCloseTo(1, 12);
    expect(validationReport(data, baseline.parameters, baseline.parameters, 1).gain).toBeUndefined();
    expect(report.metrics.Accuracy).toBeGreaterThan(report.baseline.Accuracy as number);
    expect(report.importance.map((f) => f.feature).sort()).toEqual(['x1', 'x2']);
  });

  it('keeps the best iteration when cancelled', async () => {
    const data = trainingData('regression', { x: moons(300, 0.2, 5).x, y: moons(300, 0.2, 5).x.map(([a, b]) => a * 2 - b) }, { x: moons(100, 0.2, 6).x, y: moons(100, 0.2, 6).x.map(([a, b]) => a * 2 - b) });
    const controller = new AbortController();
    const result = await trainModel(data, { ...defaultSettings('gradient-boosted-trees', 'regression', 300), epochs: 500, patience: 0 }, {
      tf,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.epoch === 3) controller.abort();
      },
    });
    expect(result.cancelled).toBe(true);
    expect(result.curve.length).toBeLessThan(500);
    expect(result.bestEpoch).toBe(result.curve.length);
    expect(predictModel(result.parameters, data.validation.x)).toHaveLength(100);
  });

  it('refuses settings that would not fit in memory before training, saying what to change', async () => {
    const data = trainingData('classification', moons(400, 0.2, 1), moons(200, 0.2, 2), ['a', 'b']);
    await expect(trainModel(data, { ...settings, epochs: 10_000_000, maxLeaves: 200, minSamplesLeaf: 1 }, { tf })).rejects.toThrow(/Lower Max leaves or Trees/);
  });
});
