import { describe, expect, it } from 'vitest';
import { ModelError } from '$src/core/model/errors';
import { defaultSearchSpace, planTrials, type SearchSpace } from '$src/core/model/search-space';
import type { TrainSettings } from '$src/core/model/types';
import { settings } from './training-data';

describe('planTrials: grid', () => {
  const space: SearchSpace = { learningRate: [0.1, 0.01], dropout: [0, 0.2], activation: ['relu', 'tanh'] };

  it('is the Cartesian product in nested-loop order, the first parameter slowest', () => {
    const { trials, total } = planTrials(settings(), space, 'grid', 200, 1);
    expect(total).toBe(8);
    expect(trials.map((t) => [t.learningRate, t.dropout, t.activation])).toEqual([
      [0.1, 0, 'relu'],
      [0.1, 0, 'tanh'],
      [0.1, 0.2, 'relu'],
      [0.1, 0.2, 'tanh'],
      [0.01, 0, 'relu'],
      [0.01, 0, 'tanh'],
      [0.01, 0.2, 'relu'],
      [0.01, 0.2, 'tanh'],
    ]);
  });

  it('is cut to the budget and says how many combinations there are', () => {
    const full = planTrials(settings(), space, 'grid', 200, 1).trials;
    const { trials, total } = planTrials(settings(), space, 'grid', 3, 1);
    expect(total).toBe(8);
    expect(trials).toEqual(full.slice(0, 3));
  });

  it('keeps the base settings’ other fields and seed, without sharing arrays', () => {
    const base = settings({ patience: 5, seed: 99, hiddenLayers: [16, 8], epochs: 12 });
    const { trials } = planTrials(base, { l2: [0, 1e-3] }, 'grid', 10, 1);
    for (const t of trials) {
      expect({ ...t, l2: 0 }).toEqual({ ...base, l2: 0 });
      expect(t.hiddenLayers).not.toBe(base.hiddenLayers);
    }
    const layered = planTrials(base, { hiddenLayers: [[4], [4, 2]] }, 'grid', 10, 1).trials;
    expect(layered.map((t) => t.hiddenLayers)).toEqual([[4], [4, 2]]);
  });

  it('counts a repeated value once', () => {
    const { trials, total } = planTrials(settings(), { learningRate: [0.1, 0.1, 0.01], hiddenLayers: [[4], [4]] }, 'grid', 10, 1);
    expect(total).toBe(2);
    expect(trials.map((t) => t.learningRate)).toEqual([0.1, 0.01]);
  });
});

describe('planTrials: random', () => {
  const space: SearchSpace = { learningRate: [1e-3, 3e-3, 1e-2, 3e-2], hiddenLayers: [[8], [16, 8], [32]], dropout: [0, 0.1, 0.3], l2: [0, 1e-4] };
  const key = (t: TrainSettings) => JSON.stringify([t.learningRate, t.hiddenLayers, t.dropout, t.l2]);

  it('draws budget distinct combinations from the space', () => {
    const { trials, total } = planTrials(settings(), space, 'random', 20, 42);
    expect(total).toBe(72);
    expect(trials).toHaveLength(20);
    expect(new Set(trials.map(key)).size).toBe(20);
    const grid = new Set(planTrials(settings(), space, 'grid', 200, 0).trials.map(key));
    for (const t of trials) expect(grid.has(key(t))).toBe(true);
  });

  it('draws distinct combinations from a large space too', () => {
    const big: SearchSpace = { learningRate: Array.from({ length: 40 }, (_, i) => (i + 1) / 1000), batchSize: Array.from({ length: 40 }, (_, i) => i + 1) };
    const { trials, total } = planTrials(settings(), big, 'random', 200, 3);
    expect(total).toBe(1600);
    expect(new Set(trials.map((t) => `${t.learningRate}/${t.batchSize}`)).size).toBe(200);
  });

  it('is the same for the same seed and differs for another', () => {
    const a = planTrials(settings(), space, 'random', 10, 42).trials;
    expect(planTrials(settings(), space, 'random', 10, 42).trials).toEqual(a);
    expect(planTrials(settings(), space, 'random', 10, 43).trials.map(key)).not.toEqual(a.map(key));
  });

  it('gives the whole space, once each, when the budget is larger', () => {
    const small: SearchSpace = { learningRate: [0.1, 0.01], dropout: [0, 0.2] };
    const { trials, total } = planTrials(settings(), small, 'random', 50, 5);
    expect(total).toBe(4);
    expect(trials).toHaveLength(4);
    expect(new Set(trials.map((t) => `${t.learningRate}/${t.dropout}`)).size).toBe(4);
  });
});

describe('planTrials: refusals', () => {
  const space: SearchSpace = { learningRate: [0.1, 0.01] };

  it('refuses a budget outside 1 … 200', () => {
    for (const budget of [0, -1, 201, 2.5, NaN]) {
      expect(() => planTrials(settings(), space, 'grid', budget, 1)).toThrow(ModelError);
    }
    expect(() => planTrials(settings(), space, 'grid', 0, 1)).toThrow('The budget must be a whole number of trials from 1 to 200; it is 0.');
  });

  it('refuses an empty space and an empty list', () => {
    expect(() => planTrials(settings(), {}, 'random', 5, 1)).toThrow('The search space is empty: choose at least one setting to vary.');
    expect(() => planTrials(settings(), { dropout: [] }, 'grid', 5, 1)).toThrow(/Dropout has no values to try/);
  });

  it('refuses values that cannot be trained', () => {
    expect(() => planTrials(settings(), { learningRate: [0] }, 'grid', 5, 1)).toThrow(/Learning rate 0 cannot be tried/);
    expect(() => planTrials(settings(), { dropout: [0.95] }, 'grid', 5, 1)).toThrow(/Dropout 0.95 cannot be tried: values must be from 0 to 0.9/);
    expect(() => planTrials(settings(), { batchSize: [8.5] }, 'grid', 5, 1)).toThrow(ModelError);
    expect(() => planTrials(settings(), { hiddenLayers: [[8, 0]] }, 'grid', 5, 1)).toThrow(/Hidden layers \[8, 0\]/);
  });

  it('refuses parameters that do not apply to the model kind', () => {
    expect(() => planTrials(settings({ kind: 'logistic-regression' }), { hiddenLayers: [[8]] }, 'grid', 5, 1)).toThrow(
      'Hidden layers does not apply to a logistic regression; leave it out of the search.',
    );
    expect(() => planTrials(settings({ kind: 'linear-regression' }), { learningRate: [0.1] }, 'grid', 5, 1)).toThrow(/linear regression/);
    expect(() => planTrials(settings({ kind: 'baseline' }), { l2: [0] }, 'grid', 5, 1)).toThrow('The baseline has no settings to tune.');
  });
});

describe('defaultSearchSpace', () => {
  it('offers every parameter of the kind, and none for the baseline', () => {
    const mlp = defaultSearchSpace('mlp');
    expect(Object.keys(mlp).sort()).toEqual(['activation', 'batchSize', 'dropout', 'epochs', 'hiddenLayers', 'l2', 'learningRate', 'optimizer']);
    expect(mlp.learningRate).toEqual([1e-3, 3e-3, 1e-2, 3e-2]);
    expect(mlp.hiddenLayers).toEqual([[32], [64, 32], [128, 64]]);
    expect(defaultSearchSpace('logistic-regression').hiddenLayers).toBeUndefined();
    expect(Object.keys(defaultSearchSpace('linear-regression'))).toEqual(['l2']);
    expect(defaultSearchSpace('baseline')).toEqual({});
    expect(defaultSearchSpace('gradient-boosted-trees')).toEqual({
      learningRate: [0.03, 0.1, 0.3], epochs: [50, 100, 200], maxDepth: [0, 3, 6], maxLeaves: [15, 31, 63], minSamplesLeaf: [5, 20, 50],
    });
    expect(Object.keys(defaultSearchSpace('random-forest')).sort()).toEqual(['epochs', 'maxDepth', 'minSamplesLeaf']);
    expect(Object.keys(defaultSearchSpace('decision-tree')).sort()).toEqual(['maxDepth', 'maxLeaves', 'minSamplesLeaf']);
  });

  it('searches the learning rate and number of trees of gradient-boosted trees, and nothing of the networks', () => {
    const base = settings({ kind: 'gradient-boosted-trees', maxLeaves: 15 });
    const { learningRate, epochs } = defaultSearchSpace('gradient-boosted-trees');
    const { trials, total } = planTrials(base, { learningRate, epochs }, 'grid', 20, 1);
    expect(total).toBe(9);
    expect(trials.map((t) => [t.learningRate, t.epochs])).toContainEqual([0.3, 200]);
    expect(trials.every((t) => t.kind === 'gradient-boosted-trees' && t.maxLeaves === 15)).toBe(true);
    expect(() => planTrials(base, { batchSize: [32] }, 'grid', 5, 1)).toThrow('Batch size does not apply to gradient-boosted trees; leave it out of the search.');
  });

  it('searches the tree limits, with 0 as no limit, and refuses what does not apply to a kind', () => {
    const { trials, total } = planTrials(settings({ kind: 'decision-tree' }), { maxDepth: [2, 0], minSamplesLeaf: [1, 10] }, 'grid', 10, 1);
    expect(total).toBe(4);
    expect(trials.map((t) => [t.maxDepth, t.minSamplesLeaf])).toEqual([[2, 1], [2, 10], [0, 1], [0, 10]]);
    expect(() => planTrials(settings({ kind: 'random-forest' }), { maxLeaves: [8] }, 'grid', 5, 1)).toThrow('Max leaves does not apply to a random forest; leave it out of the search.');
    expect(() => planTrials(settings({ kind: 'decision-tree' }), { learningRate: [0.1] }, 'grid', 5, 1)).toThrow('Learning rate does not apply to a decision tree');
    expect(() => planTrials(settings({ kind: 'decision-tree' }), { maxLeaves: [1] }, 'grid', 5, 1)).toThrow('Max leaves 1 cannot be tried: values must be 0 (no limit) or whole numbers from 2 to 65,536.');
    expect(() => planTrials(settings({ kind: 'random-forest' }), { minSamplesLeaf: [0] }, 'grid', 5, 1)).toThrow('Min samples per leaf 0 cannot be tried');
  });

  it('plans for each kind it offers a space to', () => {
    for (const kind of ['mlp', 'logistic-regression', 'linear-regression', 'gradient-boosted-trees', 'random-forest', 'decision-tree'] as const) {
      const { trials } = planTrials(settings({ kind }), defaultSearchSpace(kind), 'random', 10, 1);
      expect(trials.length).toBeGreaterThan(0);
    }
  });
});
