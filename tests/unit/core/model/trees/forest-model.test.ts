import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { defaultSettings, trainModel } from '$src/core/model/train';
import { predictModel } from '$src/core/model/predict';
import { classificationScores, regressionScores, targetScale } from '$src/core/model/models/common';
import { forestSettings } from '$src/core/model/trees/forest-model';
import { TREES_BACKEND } from '$src/core/model/trees/boosting-model';
import { predictEnsemble } from '$src/core/model/trees/ensemble';
import { isEnsembleParameters, type EnsembleParameters, type TrainProgress } from '$src/core/model/types';
import { blobs, moons, trainingData } from '../training-data';

describe('random forest through trainModel', () => {
  const settings = defaultSettings('random-forest', 'classification', 400);

  it('starts from scikit-learn’s defaults and maps the Train settings onto the learner', () => {
    expect(settings).toMatchObject({ kind: 'random-forest', epochs: 100, maxDepth: 0, minSamplesLeaf: 1, featuresPerSplit: 'sqrt', bootstrap: true });
    expect(defaultSettings('random-forest', 'regression', 400).featuresPerSplit).toBe('all');
    expect(forestSettings({ ...settings, epochs: 30, maxDepth: 0, seed: 9 })).toEqual({
      trees: 30, featuresPerSplit: 'sqrt', maxDepth: null, minSamplesLeaf: 1, bootstrap: true, seed: 9,
    });
    expect(forestSettings({ ...settings, maxDepth: 4, featuresPerSplit: 0.5, bootstrap: false })).toMatchObject({ maxDepth: 4, featuresPerSplit: 0.5, bootstrap: false });
  });

  it('reports one curve record per tree, the forest so far on both parts, and the out-of-bag score', async () => {
    const data = trainingData('classification', moons(300, 0.25, 1), moons(150, 0.25, 2), ['a', 'b']);
    const progress: TrainProgress[] = [];
    const result = await trainModel(data, { ...settings, epochs: 12, seed: 3 }, { tf, onProgress: (p) => progress.push(p) });
    expect(result).toMatchObject({ backend: TREES_BACKEND, cancelled: false, bestEpoch: 12, stoppedEarly: false });
    expect(progress.map((p) => p.epoch)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(result.curve.map((r) => r.epoch)).toEqual(progress.map((p) => p.epoch));
    expect(isEnsembleParameters(result.parameters)).toBe(true);
    expect(result.outOfBag!.rows).toBeGreaterThan(250);
    expect(result.outOfBag!.score).toBeGreaterThan(0.8);

    // Record t is the forest of the first t trees: the same scores as predicting with those trees.
    const ensemble = (result.parameters as EnsembleParameters).ensemble;
    for (const t of [1, 5, 12]) {
      const first = { ...ensemble, trees: ensemble.trees.slice(0, t * ensemble.outputs) };
      const validation = classificationScores(predictEnsemble(first, data.validation.x), 2, data.validation.y);
      const train = classificationScores(predictEnsemble(first, data.train.x), 2, data.train.y);
      expect(result.curve[t - 1].validationLoss).toBeCloseTo(validation.loss, 5);
      expect(result.curve[t - 1].validationMetric).toBeCloseTo(validation.metric, 10);
      expect(result.curve[t - 1].trainMetric).toBeCloseTo(train.metric, 10);
    }
    const accuracy = classificationScores(predictModel(result.parameters, data.validation.x), 2, data.validation.y).metric;
    expect(accuracy).toBeCloseTo(result.curve[11].validationMetric, 10);
    expect(accuracy).toBeGreaterThan(0.85);
  });

  it('scores a regression forest by R² and the squared error over the target’s variance', async () => {
    const shape = (seed: number, n: number) => {
      const x = moons(n, 0.2, seed).x;
      return { x, y: x.map(([a, b]) => 3 * a - b * b) };
    };
    const data = trainingData('regression', shape(4, 300), shape(5, 120));
    const result = await trainModel(data, { ...defaultSettings('random-forest', 'regression', 300), epochs: 8 }, { tf });
    const last = result.curve[7];
    const scores = regressionScores(predictModel(result.parameters, data.validation.x), data.validation.y, targetScale(data.train.y).std);
    expect(last.validationLoss).toBeCloseTo(scores.loss, 5);
    expect(last.validationMetric).toBeCloseTo(scores.metric, 5);
    expect(last.validationMetric).toBeGreaterThan(0.8);
  });

  it('is the same forest for the same seed, and another for another seed', async () => {
    const data = trainingData('classification', blobs([[0, 0], [2, 0], [0, 2]], 50, 7), blobs([[0, 0], [2, 0], [0, 2]], 20, 8));
    const run = (seed: number) => trainModel(data, { ...settings, epochs: 5, seed }, { tf });
    const [a, b, c] = await Promise.all([run(1), run(1), run(2)]);
    expect(predictModel(a.parameters, data.validation.x)).toEqual(predictModel(b.parameters, data.validation.x));
    expect(a.curve).toEqual(b.curve);
    expect(predictModel(a.parameters, data.train.x)).not.toEqual(predictModel(c.parameters, data.train.x));
  });

  it('keeps the trees grown so far when cancelled', async () => {
    const data = trainingData('classification', moons(200, 0.2, 9), moons(80, 0.2, 10), ['a', 'b']);
    const controller = new AbortController();
    const result = await trainModel(data, { ...settings, epochs: 500 }, {
      tf,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.epoch === 3) controller.abort();
      },
    });
    expect(result.cancelled).toBe(true);
    expect(result.bestEpoch).toBe(result.curve.length);
    expect(result.curve.length).toBeGreaterThanOrEqual(3);
    expect(result.curve.length).toBeLessThan(500);
    expect((result.parameters as EnsembleParameters).ensemble.trees).toHaveLength(result.curve.length * 2); // one tree per class
  });

  it('refuses a forest too large for memory before any work, saying what to change', async () => {
    const data = trainingData('classification', moons(200, 0.2, 11), moons(50, 0.2, 12), ['a', 'b']);
    // Ten million fully grown trees of up to 200 leaves each: far beyond what a tab holds.
    const progress: TrainProgress[] = [];
    await expect(trainModel(data, { ...settings, epochs: 10_000_000 }, { tf, onProgress: (p) => progress.push(p) })).rejects.toMatchObject({
      name: 'ModelError',
      message: expect.stringMatching(/memory.*Set a Max depth, raise Min samples per leaf, lower Trees/),
    });
    expect(progress).toEqual([]);
  });
});
