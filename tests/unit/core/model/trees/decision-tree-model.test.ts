import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { defaultSettings, trainModel } from '$src/core/model/train';
import { predictModel } from '$src/core/model/predict';
import { classificationScores } from '$src/core/model/models/common';
import { decisionTreeSettings } from '$src/core/model/trees/decision-tree-model';
import { trainDecisionTree } from '$src/core/model/trees/decision-tree';
import { depthCurve } from '$src/core/model/trees/depth-curve';
import type { EnsembleParameters, TrainProgress } from '$src/core/model/types';
import { moons, trainingData } from '../training-data';

describe('decision tree through trainModel', () => {
  const settings = defaultSettings('decision-tree', 'classification', 400);

  it('starts fully grown (scikit-learn’s default) and reads 0 as no limit', () => {
    expect(settings).toMatchObject({ kind: 'decision-tree', maxDepth: 0, maxLeaves: 0, minSamplesLeaf: 1 });
    expect(decisionTreeSettings(settings)).toEqual({ maxDepth: null, maxLeaves: null, minSamplesLeaf: 1 });
    expect(decisionTreeSettings({ ...settings, maxDepth: 3, maxLeaves: 8, minSamplesLeaf: 5 })).toEqual({ maxDepth: 3, maxLeaves: 8, minSamplesLeaf: 5 });
  });

  it('gives the depth curve as its training curve, keeps the whole tree and its per-node detail', async () => {
    const data = trainingData('classification', moons(300, 0.3, 1), moons(150, 0.3, 2), ['a', 'b']);
    const progress: TrainProgress[] = [];
    const result = await trainModel(data, settings, { tf, onProgress: (p) => progress.push(p) });
    const direct = trainDecisionTree(data);
    expect(result.curve).toEqual(depthCurve(direct, data));
    expect(result.curve.length).toBe(direct.depth);
    expect(progress.map((p) => p.epoch)).toEqual(result.curve.map((r) => r.epoch));
    expect(result).toMatchObject({ bestEpoch: direct.depth, cancelled: false, stoppedEarly: false });
    const parameters = result.parameters as EnsembleParameters;
    expect(parameters).toMatchObject({ kind: 'decision-tree', task: 'classification' });
    expect(parameters.nodes!.samples[0]).toBe(300);
    expect(parameters.nodes!.samples.length).toBe(parameters.ensemble.trees[0].tree.feature.length);
    // Grown fully on noisy moons it fits its own rows and does worse on new ones: the lesson.
    const last = result.curve[result.curve.length - 1];
    expect(last.trainMetric).toBe(1);
    expect(Math.max(...result.curve.map((r) => r.validationMetric))).toBeGreaterThan(last.validationMetric);
    const accuracy = classificationScores(predictModel(parameters, data.validation.x), 2, data.validation.y).metric;
    expect(accuracy).toBeCloseTo(last.validationMetric, 10);
  });

  it('stops at Max depth, and the curve ends there', async () => {
    const data = trainingData('classification', moons(300, 0.3, 3), moons(100, 0.3, 4), ['a', 'b']);
    const result = await trainModel(data, { ...settings, maxDepth: 3 }, { tf });
    expect(result.curve.map((r) => r.epoch)).toEqual([1, 2, 3]);
    expect(Math.max(...(result.parameters as EnsembleParameters).nodes!.depth)).toBe(3);
  });
});

describe('tree models on awkward data', () => {
  const kinds = ['gradient-boosted-trees', 'random-forest', 'decision-tree'] as const;

  it('refuses a train part with one class, saying what to change', async () => {
    const data = trainingData('classification', { x: [[1], [2], [3], [4]], y: [0, 0, 0, 0] }, { x: [[1], [5]], y: [0, 1] }, ['yes', 'no']);
    for (const kind of kinds) {
      await expect(trainModel(data, defaultSettings(kind, 'classification', 4), { tf })).rejects.toThrow(
        'The train part has only one class (yes); a classifier needs at least two. Choose another target or split.',
      );
    }
  });

  it('learns from the useful column beside a constant one and one with every value missing', async () => {
    const x = moons(200, 0.1, 21).x;
    const rows = (part: number[][]) => part.map(([a]) => [7, NaN, a]);
    const validation = moons(60, 0.1, 22);
    const data = trainingData('classification', { x: rows(x), y: moons(200, 0.1, 21).y }, { x: rows(validation.x), y: validation.y }, ['a', 'b']);
    for (const kind of kinds) {
      const result = await trainModel(data, { ...defaultSettings(kind, 'classification', 200), epochs: 20 }, { tf });
      const { ensemble } = result.parameters as EnsembleParameters;
      // Every split is on the third column: nothing can be learned from the other two.
      const used = new Set(ensemble.trees.flatMap(({ tree }) => [...tree.feature].filter((f) => f >= 0)));
      expect([...used], kind).toEqual([2]);
      expect(result.curve[result.curve.length - 1].validationMetric, kind).toBeGreaterThan(0.7);
    }
  });
});
