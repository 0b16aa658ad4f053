import * as ortNode from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { ModelError } from '$src/core/model/errors';
import { regressionMetrics } from '$src/core/model/metrics';
import { trainDecisionTree } from '$src/core/model/trees/decision-tree';
import { predictEnsemble, type TreeEnsemble } from '$src/core/model/trees/ensemble';
import { featuresTried, outOfBagScore, trainRandomForest } from '$src/core/model/trees/random-forest';
import type { TrainingData } from '$src/core/model/types';
import { createRandom } from '$src/core/random';
import { REGRESSION_TARGET, classTarget, ensembleGraph, firstArgMax, maxDifference, runDesign } from '../../package/onnx/tree-fixtures';
import { moons, synthetic, trainingData } from '../training-data';

function accuracy(ensemble: TreeEnsemble, part: TrainingData['validation']): number {
  const p = predictEnsemble(ensemble, part.x);
  const c = p.length / part.x.rows;
  return firstArgMax(p, c).filter((k, i) => k === part.y[i]).length / part.x.rows;
}

/** Friedman #1-like regression with 6 features (two of them noise) and some missing cells. */
function friedman(rows: number, seed: number): { x: number[][]; y: number[] } {
  const random = createRandom(seed);
  const x: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < rows; i++) {
    const v = Array.from({ length: 6 }, () => random.next());
    y.push(10 * Math.sin(Math.PI * v[0] * v[1]) + 20 * (v[2] - 0.5) ** 2 + 10 * v[3] + 5 * v[4] + random.normal());
    if (random.next() < 0.1) v[5] = NaN;
    x.push(v);
  }
  return { x, y };
}

describe('trainRandomForest', () => {
  it('binary: one tree per class per forest tree, averaged shares that sum to 1, an out-of-bag accuracy near the validation one', async () => {
    const data = trainingData('classification', moons(600, 0.3, 1), moons(600, 0.3, 2), ['a', 'b']);
    const progress: number[] = [];
    const result = await trainRandomForest(data, { trees: 40, seed: 3 }, { onProgress: (p) => progress.push(p.tree) });
    const { ensemble } = result;
    expect(ensemble.outputs).toBe(2);
    expect(ensemble.aggregate).toBe('average');
    expect(ensemble.link).toBe('identity');
    expect(ensemble.trees).toHaveLength(80);
    expect(progress).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(result.treesGrown).toBe(40);
    expect(result.cancelled).toBe(false);
    const p = predictEnsemble(ensemble, data.validation.x);
    expect(p).toHaveLength(1200);
    for (let i = 0; i < 600; i++) expect(p[2 * i] + p[2 * i + 1]).toBeCloseTo(1, 5);
    const validation = accuracy(ensemble, data.validation);
    expect(validation).toBeGreaterThan(0.85);
    // Every row is out of bag for about 37 % of 40 trees, so all rows are scored.
    expect(result.oobRows).toBe(600);
    expect(Math.abs(result.oobScore! - validation)).toBeLessThan(0.05);
    // Each tree's root holds the distinct rows of its bootstrap sample: about 63 % of them.
    for (const { tree } of ensemble.trees) {
      expect(tree.samples[0]).toBeGreaterThan(0.55 * 600);
      expect(tree.samples[0]).toBeLessThan(0.7 * 600);
    }
  });

  it('regression: all features per split by default, an out-of-bag R² near the validation R², importance on the informative features', async () => {
    const data = trainingData('regression', friedman(1000, 1), friedman(500, 2));
    const result = await trainRandomForest(data, { trees: 30 });
    expect(result.ensemble.outputs).toBe(1);
    expect(result.ensemble.trees).toHaveLength(30);
    const r2 = regressionMetrics(data.validation.y, predictEnsemble(result.ensemble, data.validation.x))['R²']!;
    expect(r2).toBeGreaterThan(0.7);
    expect(Math.abs(result.oobScore! - r2)).toBeLessThan(0.06);
    const gain = Array.from(result.featureGain);
    // x4 (10·v) matters far more than the pure-noise x6.
    expect(gain[3]).toBeGreaterThan(5 * gain[5]);
  });

  it('without bootstrap and with every feature tried, every tree is the decision tree', async () => {
    const data = synthetic('classification', 200, 50, 2);
    const forest = await trainRandomForest(data, { trees: 3, bootstrap: false, featuresPerSplit: 'all', maxDepth: 5 });
    const single = trainDecisionTree(data, { maxDepth: 5 });
    expect(forest.oobScore).toBeNull();
    for (let t = 0; t < 3; t++) {
      for (let k = 0; k < 3; k++) expect(forest.ensemble.trees[3 * t + k].tree).toEqual(single.ensemble.trees[k].tree);
    }
    expect(predictEnsemble(forest.ensemble, data.validation.x)).toEqual(predictEnsemble(single.ensemble, data.validation.x));
    for (let j = 0; j < 2; j++) expect(forest.featureGain[j]).toBeCloseTo(3 * single.featureGain[j], 8);
  });

  it('is deterministic for a seed and differs between seeds', async () => {
    const data = trainingData('classification', moons(300, 0.3, 5), moons(100, 0.3, 6), ['a', 'b']);
    const a = await trainRandomForest(data, { trees: 10, seed: 7 });
    const b = await trainRandomForest(data, { trees: 10, seed: 7 });
    const c = await trainRandomForest(data, { trees: 10, seed: 8 });
    expect(a.ensemble).toEqual(b.ensemble);
    expect(a.oobScore).toBe(b.oobScore);
    expect(a.ensemble).not.toEqual(c.ensemble);
  });

  it('cancel keeps the trees grown so far, the same as the first trees of a full run', async () => {
    const data = synthetic('classification', 300, 50, 3);
    const controller = new AbortController();
    const cut = await trainRandomForest(data, { trees: 50, seed: 1 }, {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.tree === 4) controller.abort();
      },
    });
    expect(cut.cancelled).toBe(true);
    expect(cut.treesGrown).toBe(4);
    expect(cut.ensemble.trees).toHaveLength(12);
    expect(cut.oobScore).not.toBeNull();
    const full = await trainRandomForest(data, { trees: 6, seed: 1 });
    expect(cut.ensemble.trees).toEqual(full.ensemble.trees.slice(0, 12));
  });

  it('features per split: √width, all, or a fraction, at least one', () => {
    expect(featuresTried('sqrt', 12)).toBe(3);
    expect(featuresTried('sqrt', 2)).toBe(1);
    expect(featuresTried('all', 12)).toBe(12);
    expect(featuresTried(0.5, 12)).toBe(6);
    expect(featuresTried(0.01, 12)).toBe(1);
  });

  it('the out-of-bag score: accuracy of the summed shares, or R², over rows some tree left out', () => {
    const shares = Float64Array.from([0.2, 0.8, 0, 0, 1.5, 0.5]);
    const trees = Int32Array.from([1, 0, 2]);
    expect(outOfBagScore(shares, trees, Float32Array.from([1, 0, 1]), 2, true)).toEqual({ score: 0.5, rows: 2 });
    const sums = Float64Array.from([2, 0, 9]);
    // Rows 0 and 2 predict 2 and 4.5 for targets 1 and 5: SSE 1.25, spread 8.
    expect(outOfBagScore(sums, trees, Float32Array.from([1, 0, 5]), 1, false)).toEqual({ score: 1 - 1.25 / 8, rows: 2 });
    expect(outOfBagScore(sums, new Int32Array(3), Float32Array.from([1, 0, 5]), 1, false).score).toBeNull();
  });

  it('refuses bad settings with a message', async () => {
    const data = synthetic('regression', 50, 10, 1);
    await expect(trainRandomForest(data, { trees: 0 })).rejects.toThrow(ModelError);
    await expect(trainRandomForest(data, { featuresPerSplit: 1.5 })).rejects.toThrow(/Features per split/);
    await expect(trainRandomForest(data, { maxDepth: 2.5 })).rejects.toThrow(/Max depth/);
  });

  it('exports: the forest in an ONNX graph answers as predictEnsemble in onnxruntime-node (≤ 1e-5, labels equal)', async () => {
    const train = moons(500, 0.3, 11);
    const validation = moons(400, 0.3, 12);
    // Missing cells in both parts, so learned missing directions are exercised.
    const random = createRandom(13);
    for (const part of [train, validation]) for (const row of part.x) if (random.next() < 0.15) row[random.int(2)] = NaN;
    const classes = ['no', 'yes'];
    const data = trainingData('classification', train, validation, classes);
    const { ensemble } = await trainRandomForest(data, { trees: 25, seed: 2 });
    const expected = predictEnsemble(ensemble, data.validation.x);
    const out = await runDesign(ortNode, ensembleGraph(ensemble, 2, 'classification', classTarget(classes)), data.validation.x);
    const difference = maxDifference(out.probabilities as Float32Array, expected);
    console.info(`random forest export, binary: max |onnx − predictEnsemble| ${difference.toExponential(2)}`);
    expect(difference).toBeLessThanOrEqual(1e-5);
    expect(Array.from(out.label as string[])).toEqual(firstArgMax(expected, 2).map((k) => classes[k]));
  });

  it('exports a regression forest (missing cells, half the features per split, a depth limit): predictions within 1e-5 relative in onnxruntime-node', async () => {
    const data = trainingData('regression', friedman(600, 21), friedman(300, 22));
    const { ensemble } = await trainRandomForest(data, { trees: 20, featuresPerSplit: 0.5, maxDepth: 6, seed: 4 });
    const expected = predictEnsemble(ensemble, data.validation.x);
    const out = await runDesign(ortNode, ensembleGraph(ensemble, 6, 'regression', REGRESSION_TARGET), data.validation.x);
    const scale = Math.max(1, ...Array.from(expected, Math.abs));
    const relative = maxDifference(out.prediction as Float32Array, expected) / scale;
    console.info(`random forest export, regression: max relative |onnx − predictEnsemble| ${relative.toExponential(2)}`);
    expect(relative).toBeLessThanOrEqual(1e-5);
  });
});
