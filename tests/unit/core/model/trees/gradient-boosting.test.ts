import { describe, expect, it } from 'vitest';
import { ModelError } from '$src/core/model/errors';
import { predictEnsemble, type TreeEnsemble } from '$src/core/model/trees/ensemble';
import { trainGradientBoosting } from '$src/core/model/trees/gradient-boosting';
import type { TrainingData } from '$src/core/model/types';
import { createRandom } from '$src/core/random';
import { blobs, moons, synthetic, trainingData } from '../training-data';

/** A noisy binary problem (moons with label noise) on which boosting overfits after a while. */
function noisyMoons(rows: number, seed: number): TrainingData {
  const random = createRandom(seed + 100);
  const flip = (part: { x: number[][]; y: number[] }) => ({ x: part.x, y: part.y.map((y) => (random.next() < 0.25 ? 1 - y : y)) });
  return trainingData('classification', flip(moons(rows, 0.3, seed)), flip(moons(rows, 0.3, seed + 1)), ['a', 'b']);
}

function accuracy(ensemble: TreeEnsemble, data: TrainingData['validation']): number {
  const p = predictEnsemble(ensemble, data.x);
  const c = p.length / data.x.rows;
  let correct = 0;
  for (let i = 0; i < data.x.rows; i++) {
    let best = 0;
    for (let k = 1; k < c; k++) if (p[i * c + k] > p[i * c + best]) best = k;
    if (best === data.y[i]) correct++;
  }
  return correct / data.x.rows;
}

describe('trainGradientBoosting', () => {
  it('binary: one margin per iteration, sigmoid link, answers [1 − p, p] that agree with the curve', async () => {
    const data = trainingData('classification', moons(400, 0.2, 1), moons(200, 0.2, 2), ['a', 'b']);
    const result = await trainGradientBoosting(data, { iterations: 30, patience: 0 });
    const { ensemble } = result;
    expect(ensemble.outputs).toBe(1);
    expect(ensemble.link).toBe('sigmoid');
    expect(ensemble.trees).toHaveLength(30);
    expect(result.bestIteration).toBe(30);
    expect(result.curve).toHaveLength(30);
    const p = predictEnsemble(ensemble, data.validation.x);
    expect(p).toHaveLength(400);
    for (let i = 0; i < 200; i++) expect(p[2 * i] + p[2 * i + 1]).toBeCloseTo(1, 6);
    // The binned walk that scored the curve decides every split as the thresholds do.
    expect(accuracy(ensemble, data.validation)).toBe(result.curve[29].validationMetric);
    expect(result.curve[29].validationMetric).toBeGreaterThan(0.95);
    expect(result.curve[29].trainLoss).toBeLessThan(result.curve[0].trainLoss);
  });

  it('multiclass: one tree per class per iteration, softmax over the classes', async () => {
    const data = trainingData('classification', blobs([[0, 0], [4, 0], [0, 4]], 100, 3), blobs([[0, 0], [4, 0], [0, 4]], 50, 4));
    const result = await trainGradientBoosting(data, { iterations: 10, patience: 0 });
    expect(result.ensemble.outputs).toBe(3);
    expect(result.ensemble.link).toBe('softmax');
    expect(result.ensemble.trees.map((t) => t.output)).toEqual(Array.from({ length: 30 }, (_, i) => i % 3));
    expect(result.ensemble.base).toHaveLength(3);
    expect(accuracy(result.ensemble, data.validation)).toBe(result.curve[9].validationMetric);
    expect(result.curve[9].validationMetric).toBeGreaterThan(0.9);
  });

  it('regression: identity link, the train mean as base, R² on the curve', async () => {
    const data = synthetic('regression', 500, 200, 3);
    const result = await trainGradientBoosting(data, { iterations: 50, patience: 0 });
    expect(result.ensemble.outputs).toBe(1);
    expect(result.ensemble.link).toBe('identity');
    const mean = data.train.y.reduce((a, b) => a + b, 0) / 500;
    expect(result.ensemble.base[0]).toBeCloseTo(mean, 5);
    const prediction = predictEnsemble(result.ensemble, data.validation.x);
    let sse = 0;
    for (let i = 0; i < 200; i++) sse += (prediction[i] - data.validation.y[i]) ** 2;
    const std = Math.sqrt(data.train.y.reduce((a, y) => a + (y - mean) ** 2, 0) / 500);
    expect(result.curve[49].validationLoss).toBeCloseTo(sse / 200 / std ** 2, 4);
    expect(result.curve[49].validationMetric).toBeGreaterThan(0.9);
  });

  it('absolute error: the median as base, leaves at the median residual, robust to outliers', async () => {
    const x = Array.from({ length: 80 }, (_, i) => [i < 40 ? 0 : 1]);
    const y = x.map(([v], i) => (v === 0 ? 1 : 5) + (i % 10 === 0 ? 1000 : (i % 7) * 0.01));
    const data = trainingData('regression', { x, y }, { x: [], y: [] });
    const result = await trainGradientBoosting(data, { iterations: 1, learningRate: 1, regressionLoss: 'absolute-error', minSamplesLeaf: 1 });
    const sorted = [...y].sort((a, b) => a - b);
    expect(result.ensemble.base[0]).toBe(Math.fround((sorted[39] + sorted[40]) / 2));
    const p = predictEnsemble(result.ensemble, { rows: 2, width: 1, values: Float32Array.from([0, 1]) });
    const median = (v: number[]) => {
      const s = [...v].sort((a, b) => a - b);
      return (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    };
    expect(p[0]).toBeCloseTo(median(y.slice(0, 40)), 4);
    expect(p[1]).toBeCloseTo(median(y.slice(40)), 4);
  });

  it('learns a missing-value pattern and sends missing rows the learned way', async () => {
    const random = createRandom(11);
    const make = (n: number) => {
      const x: number[][] = [];
      const y: number[] = [];
      for (let i = 0; i < n; i++) {
        const missing = random.next() < 0.3;
        const v = random.normal(0, 1);
        x.push([missing ? NaN : v]);
        y.push(missing ? 1 : v > 0.5 ? 1 : 0);
      }
      return { x, y };
    };
    const data = trainingData('classification', make(600), make(300), ['no', 'yes']);
    const result = await trainGradientBoosting(data, { iterations: 20, patience: 0 });
    const p = predictEnsemble(result.ensemble, { rows: 3, width: 1, values: Float32Array.from([NaN, -1, 2]) });
    expect(p[1]).toBeGreaterThan(0.9);
    expect(p[3]).toBeLessThan(0.1);
    expect(p[5]).toBeGreaterThan(0.9);
    expect(result.curve[19].validationMetric).toBeGreaterThan(0.95);
  });

  it('trains beside a constant and an all-missing column, never splitting on them', async () => {
    const base = moons(300, 0.2, 5);
    const x = base.x.map((row) => [7, ...row, NaN]);
    const data = trainingData('classification', { x, y: base.y }, { x: [], y: [] }, ['a', 'b']);
    const result = await trainGradientBoosting(data, { iterations: 10 });
    expect(result.featureGain[0]).toBe(0);
    expect(result.featureGain[3]).toBe(0);
    expect(result.featureGain[1] + result.featureGain[2]).toBeGreaterThan(0);
    for (const { tree } of result.ensemble.trees) for (const f of tree.feature) expect([0, 3]).not.toContain(f);
  });

  it('stops early when the validation loss stops improving and keeps the best iteration', async () => {
    const data = noisyMoons(300, 6);
    const result = await trainGradientBoosting(data, { iterations: 300, patience: 5, learningRate: 0.3, minSamplesLeaf: 2 });
    expect(result.stoppedEarly).toBe(true);
    const losses = result.curve.map((r) => r.validationLoss);
    const best = losses.indexOf(Math.min(...losses)) + 1;
    expect(result.bestIteration).toBe(best);
    expect(result.curve).toHaveLength(best + 5);
    expect(result.ensemble.trees).toHaveLength(best);
    // The kept trees give the best iteration's validation loss.
    const p = predictEnsemble(result.ensemble, data.validation.x);
    let loss = 0;
    for (let i = 0; i < data.validation.x.rows; i++) loss -= Math.log(p[2 * i + data.validation.y[i]]);
    expect(loss / data.validation.x.rows).toBeCloseTo(losses[best - 1], 5);
  });

  it('gives the same bits for the same data and settings', async () => {
    const data = synthetic('classification', 400, 100, 8);
    const [a, b] = [await trainGradientBoosting(data, { iterations: 15 }), await trainGradientBoosting(data, { iterations: 15 })];
    expect(a.ensemble.trees.length).toBe(b.ensemble.trees.length);
    a.ensemble.trees.forEach(({ tree }, i) => {
      const other = b.ensemble.trees[i].tree;
      expect(Array.from(tree.threshold)).toEqual(Array.from(other.threshold));
      expect(Array.from(tree.value)).toEqual(Array.from(other.value));
      expect(Array.from(tree.feature)).toEqual(Array.from(other.feature));
    });
    expect(a.curve).toEqual(b.curve);
  });

  it('on cancel, returns the best iteration so far', async () => {
    const data = noisyMoons(300, 9);
    const controller = new AbortController();
    const progress: number[] = [];
    const result = await trainGradientBoosting(
      data,
      { iterations: 100, patience: 0 },
      {
        signal: controller.signal,
        onProgress: ({ iteration }) => {
          progress.push(iteration);
          if (iteration === 4) controller.abort();
        },
      },
    );
    expect(progress).toEqual([1, 2, 3, 4]);
    expect(result.cancelled).toBe(true);
    expect(result.curve).toHaveLength(4);
    expect(result.bestIteration).toBe(4);
    expect(result.ensemble.trees).toHaveLength(4);

    const early = await trainGradientBoosting(data, { iterations: 100, patience: 50, learningRate: 1, minSamplesLeaf: 1 }, {
      signal: controller.signal,
    });
    expect(early.cancelled).toBe(true);
    expect(early.ensemble.trees).toHaveLength(0);
  });

  it('refuses a target with one class, infinite inputs and impossible settings, in words', async () => {
    const one = trainingData('classification', { x: [[1], [2]], y: [0, 0] }, { x: [], y: [] }, ['a', 'b']);
    await expect(trainGradientBoosting(one)).rejects.toThrow(/only one class \(a\)/);
    const infinite = trainingData('regression', { x: [[1], [Infinity]], y: [0, 1] }, { x: [], y: [] });
    await expect(trainGradientBoosting(infinite)).rejects.toThrow(/Row 2 of the train part has an infinite input/);
    const data = synthetic('regression', 50, 10);
    for (const bad of [{ maxLeaves: 1 }, { iterations: 0 }, { learningRate: 0 }, { maxDepth: 0 }, { minSamplesLeaf: 0 }, { l2: -1 }, { maxBins: 256 }]) {
      await expect(trainGradientBoosting(data, bad)).rejects.toThrow(ModelError);
    }
  });
});
