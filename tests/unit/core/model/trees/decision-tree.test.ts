import { describe, expect, it } from 'vitest';
import { ModelError } from '$src/core/model/errors';
import { pathOf, trainDecisionTree } from '$src/core/model/trees/decision-tree';
import { leafOf, predictEnsemble } from '$src/core/model/trees/ensemble';
import { moons, synthetic, trainingData } from '../training-data';

describe('trainDecisionTree', () => {
  it('classification: the Gini split of a tiny table, class shares at the leaves, one tree per class sharing structure', () => {
    // x0 separates the classes at 2.5 except one row; x1 is noise.
    const data = trainingData('classification', {
      x: [[1, 5], [2, 1], [2, 7], [3, 2], [4, 9], [5, 3]],
      y: [0, 0, 1, 1, 1, 1],
    }, undefined, ['a', 'b']);
    const result = trainDecisionTree(data, { maxDepth: 1 });
    const { ensemble } = result;
    expect(ensemble.outputs).toBe(2);
    expect(ensemble.aggregate).toBe('average');
    expect(ensemble.link).toBe('identity');
    expect(ensemble.trees).toHaveLength(2);
    const [t0, t1] = ensemble.trees.map((t) => t.tree);
    expect(t0.feature).toBe(t1.feature);
    expect(t0.feature[0]).toBe(0);
    // Gain Σ S_L²/W_L + Σ S_R²/W_R − Σ S²/W: "x0 <= 1" gives 1 + 17/5 − 20/6 ≈ 1.07, "x0 <= 2"
    // ([0, 0, 1] | [1, 1, 1]) 5/3 + 3 − 20/6 = 4/3, "x0 <= 3" 2 + 2 − 20/6 ≈ 0.67; x1 does no better.
    expect(t0.threshold[0]).toBeGreaterThanOrEqual(2);
    expect(t0.threshold[0]).toBeLessThan(3);
    expect(result.nodes.gain[0]).toBeCloseTo(4 / 3, 10);
    expect(result.nodes.impurity[0]).toBeCloseTo(1 - (2 / 6) ** 2 - (4 / 6) ** 2, 10);
    expect(Array.from(t0.samples.subarray(0, 3))).toEqual([6, 3, 3]);
    const l = t0.left[0];
    const r = t0.right[0];
    expect(t0.value[l]).toBeCloseTo(2 / 3, 6);
    expect(t1.value[l]).toBeCloseTo(1 / 3, 6);
    expect(t0.value[r]).toBe(0);
    expect(t1.value[r]).toBe(1);
    expect(Array.from(result.featureGain)).toEqual([result.nodes.gain[0], 0]);
    expect(result.depth).toBe(1);
    expect(result.leaves).toBe(2);
  });

  it('regression: means at the leaves, variance as impurity, unlimited depth fits the train rows exactly', () => {
    const data = trainingData('regression', { x: [[0], [1], [2], [3], [4], [5]], y: [1, 1, 1, 10, 10, 13] });
    const stump = trainDecisionTree(data, { maxDepth: 1 });
    const t = stump.ensemble.trees[0].tree;
    expect(stump.ensemble.trees).toHaveLength(1);
    expect(t.threshold[0]).toBe(2.5);
    expect(t.value[t.left[0]]).toBe(1);
    expect(t.value[t.right[0]]).toBe(11);
    const mean = 36 / 6;
    const variance = [1, 1, 1, 10, 10, 13].reduce((s, y) => s + (y - mean) ** 2, 0) / 6;
    expect(stump.nodes.impurity[0]).toBeCloseTo(variance, 10);
    expect(stump.nodes.values[0]).toBeCloseTo(mean, 10);
    // Weighted squared-error decrease: the total SSE (6 × variance) minus the children's (0 and 6).
    expect(stump.nodes.gain[0]).toBeCloseTo(6 * variance - 6, 10);

    const full = trainDecisionTree(data);
    expect(Array.from(predictEnsemble(full.ensemble, data.train.x))).toEqual([1, 1, 1, 10, 10, 13]);
    expect(full.leaves).toBe(3);
  });

  it('learns where missing values go, and sends them to the larger child where training had none', () => {
    const data = trainingData('regression', {
      x: [[1], [2], [3], [NaN], [NaN], [10], [11], [12]],
      y: [0, 0, 0, 5, 5, 5, 5, 5],
    });
    const tree = trainDecisionTree(data, { maxDepth: 1 }).ensemble.trees[0].tree;
    const right = tree.right[0];
    expect(tree.missingLeft[0]).toBe(0);
    expect(tree.value[right]).toBe(5);
    const noMissing = trainingData('regression', { x: [[1], [2], [10], [11], [12]], y: [0, 0, 5, 5, 5] });
    const t2 = trainDecisionTree(noMissing, { maxDepth: 1 }).ensemble.trees[0].tree;
    expect(t2.missingLeft[0]).toBe(0);
    expect(t2.value[leafOf(t2, () => NaN)]).toBe(5);
  });

  it('min samples per leaf, max depth and max leaves bound the tree', () => {
    const data = trainingData('classification', moons(400, 0.3, 3), moons(200, 0.3, 4), ['a', 'b']);
    const free = trainDecisionTree(data);
    const shallow = trainDecisionTree(data, { maxDepth: 3 });
    const wide = trainDecisionTree(data, { minSamplesLeaf: 25 });
    const few = trainDecisionTree(data, { maxLeaves: 5 });
    expect(shallow.depth).toBe(3);
    expect(shallow.leaves).toBeLessThanOrEqual(8);
    expect(few.leaves).toBe(5);
    expect(free.leaves).toBeGreaterThan(wide.leaves);
    const t = wide.ensemble.trees[0].tree;
    for (let i = 0; i < t.feature.length; i++) if (t.feature[i] < 0) expect(t.samples[i]).toBeGreaterThanOrEqual(25);
    // Unlimited growth fits the train part (the only impure leaves hold rows with equal bins).
    const p = predictEnsemble(free.ensemble, data.train.x);
    let right = 0;
    for (let i = 0; i < 400; i++) if ((p[2 * i + 1] > p[2 * i] ? 1 : 0) === data.train.y[i]) right++;
    expect(right / 400).toBeGreaterThan(0.99);
  });

  it('is deterministic, answers one probability per class, and a row path ends at its leaf', () => {
    const data = synthetic('classification', 300, 100, 5);
    const a = trainDecisionTree(data, { maxDepth: 4 });
    const b = trainDecisionTree(data, { maxDepth: 4 });
    expect(a.ensemble).toEqual(b.ensemble);
    const p = predictEnsemble(a.ensemble, data.validation.x);
    expect(p).toHaveLength(300);
    for (let i = 0; i < 100; i++) expect(p[3 * i] + p[3 * i + 1] + p[3 * i + 2]).toBeCloseTo(1, 5);
    const tree = a.ensemble.trees[0].tree;
    const row = (j: number) => data.validation.x.values[7 * 2 + j];
    const path = pathOf(tree, row);
    expect(path[0]).toBe(0);
    expect(path[path.length - 1]).toBe(leafOf(tree, row));
    for (let i = 1; i < path.length; i++) expect(a.nodes.depth[path[i]]).toBe(i);
  });

  it('refuses bad settings and a one-class target with a message', () => {
    const data = synthetic('classification', 50, 10, 1);
    expect(() => trainDecisionTree(data, { maxDepth: 0 })).toThrow(ModelError);
    expect(() => trainDecisionTree(data, { minSamplesLeaf: 0.5 })).toThrow(/Min samples per leaf/);
    expect(() => trainDecisionTree(data, { maxLeaves: 1 })).toThrow(/Max leaves/);
    const one = trainingData('classification', { x: [[1], [2]], y: [0, 0] }, undefined, ['a', 'b']);
    expect(() => trainDecisionTree(one)).toThrow(/only one class/);
  });
});
