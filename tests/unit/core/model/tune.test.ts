import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { createRandom } from '$src/core/random';
import { ModelError } from '$src/core/model/errors';
import { TrainingError } from '$src/core/model/train';
import {
  assignFolds,
  bestTrial,
  crossValidationFolds,
  defaultSearchSpace,
  planTrials,
  runSearch,
  type SearchProgress,
  type SearchSpace,
  type TrialResult,
} from '$src/core/model/tune';
import type { LabelledMatrix, Task, TrainingData, TrainSettings } from '$src/core/model/types';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function settings(overrides: Partial<TrainSettings> = {}): TrainSettings {
  return {
    kind: 'mlp',
    epochs: 4,
    learningRate: 0.01,
    batchSize: 16,
    hiddenLayers: [8],
    activation: 'relu',
    dropout: 0,
    l2: 0,
    optimizer: 'adam',
    patience: 0,
    seed: 7,
    ...overrides,
  };
}

function matrix(rows: number[][], y: number[]): LabelledMatrix {
  const width = rows[0]?.length ?? 2;
  return { x: { rows: rows.length, width, values: Float32Array.from(rows.flat()) }, y: Float32Array.from(y) };
}

/** Gaussian blobs: class k centred at (3k, −3k) (classification), or y = 2·x0 − x1 + noise (regression). */
function synthetic(task: Task, train: number, validation: number, seed = 1, weights = [1, 1, 1]): TrainingData {
  const random = createRandom(seed);
  const part = (n: number): LabelledMatrix => {
    const rows: number[][] = [];
    const y: number[] = [];
    for (let i = 0; i < n; i++) {
      if (task === 'classification') {
        const k = random.pick(weights);
        rows.push([3 * k + random.normal(), -3 * k + random.normal()]);
        y.push(k);
      } else {
        const a = random.normal();
        const b = random.normal();
        rows.push([a, b]);
        y.push(2 * a - b + 0.1 * random.normal());
      }
    }
    return matrix(rows, y);
  };
  return {
    preprocessor: { features: [], width: 2, columnNames: ['a', 'b'] },
    target: { task, column: 'y', classes: task === 'classification' ? ['a', 'b', 'c'] : [] },
    train: part(train),
    validation: part(validation),
  };
}

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

  it('stratifies a class of a million rows (no call takes the rows as arguments)', () => {
    const y = new Float32Array(1_000_000);
    for (let i = 0; i < y.length; i += 4) y[i] = 1;
    const fold = assignFolds(y, 4, createRandom(2), 2);
    const counts = [[0, 0], [0, 0], [0, 0], [0, 0]];
    for (let i = 0; i < y.length; i++) counts[fold[i]][y[i]]++;
    expect(counts).toEqual([[187_500, 62_500], [187_500, 62_500], [187_500, 62_500], [187_500, 62_500]]);
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
  });

  it('plans for each kind it offers a space to', () => {
    for (const kind of ['mlp', 'logistic-regression', 'linear-regression'] as const) {
      const { trials } = planTrials(settings({ kind }), defaultSearchSpace(kind), 'random', 10, 1);
      expect(trials.length).toBeGreaterThan(0);
    }
  });
});

describe('cross-validation folds', () => {
  /** Train rows whose first input is the row number, so held-out rows can be traced. */
  function traced(task: Task, rows: number, y: (i: number) => number): TrainingData {
    const data = synthetic(task, 1, 1);
    data.train = matrix(Array.from({ length: rows }, (_, i) => [i, -i]), Array.from({ length: rows }, (_, i) => y(i)));
    return data;
  }

  it('deals regression rows into folds whose sizes differ by at most one', () => {
    const fold = assignFolds(new Float32Array(23), 5, createRandom(1), null);
    const sizes = [0, 0, 0, 0, 0];
    for (const f of fold) sizes[f]++;
    expect(sizes.sort()).toEqual([4, 4, 5, 5, 5]);
  });

  it('holds out every train row exactly once and trains on the rest', () => {
    const data = traced('regression', 47, (i) => i * 0.5);
    const folds = crossValidationFolds(data, 4, 11);
    expect(folds).toHaveLength(4);
    const seen = new Array<number>(47).fill(0);
    for (const { train, heldOut, heldOutRows } of folds) {
      expect(heldOut.x.rows).toBe(heldOutRows.length);
      expect(train.x.rows + heldOut.x.rows).toBe(47);
      expect([11, 12]).toContain(heldOut.x.rows);
      for (let r = 0; r < heldOut.x.rows; r++) {
        const id = heldOut.x.values[r * 2];
        expect(id).toBe(heldOutRows[r]);
        expect(heldOut.x.values[r * 2 + 1]).toBe(-id);
        expect(heldOut.y[r]).toBe(id * 0.5);
        seen[id]++;
      }
      const held = new Set(heldOutRows);
      const trained = Array.from({ length: train.x.rows }, (_, r) => train.x.values[r * 2]);
      expect(trained).toEqual(Array.from({ length: 47 }, (_, i) => i).filter((i) => !held.has(i)));
    }
    expect(seen.every((n) => n === 1)).toBe(true);
  });

  it('stratifies by class: each fold has each class’s share within one row', () => {
    // 40 of class 0, 15 of class 1, 8 of class 2.
    const data = traced('classification', 63, (i) => (i < 40 ? 0 : i < 55 ? 1 : 2));
    const folds = crossValidationFolds(data, 5, 3);
    for (const { heldOut } of folds) {
      const counts = [0, 0, 0];
      for (const c of heldOut.y) counts[c]++;
      expect(counts[0]).toBe(8);
      expect(counts[1]).toBe(3);
      expect([1, 2]).toContain(counts[2]);
      expect([12, 13]).toContain(heldOut.x.rows);
    }
  });

  it('is the same for the same seed and differs for another', () => {
    const data = traced('classification', 30, (i) => i % 3);
    const rows = (seed: number) => crossValidationFolds(data, 3, seed).map((f) => Array.from(f.heldOutRows));
    expect(rows(5)).toEqual(rows(5));
    expect(rows(6)).not.toEqual(rows(5));
  });

  it('refuses folds outside 2 … 10 or more folds than rows', () => {
    const data = traced('regression', 6, (i) => i);
    for (const k of [1, 11, 2.5]) expect(() => crossValidationFolds(data, k, 1)).toThrow(ModelError);
    expect(() => crossValidationFolds(data, 1, 1)).toThrow('Cross-validation needs a whole number of folds from 2 to 10; it is 1.');
    expect(() => crossValidationFolds(data, 7, 1)).toThrow('Cross-validation with 7 folds needs at least 7 train rows; there are 6.');
  });
});

function fakeResult(score: number, logLoss: number | null = null): TrialResult {
  return { settings: settings(), score, scoreStd: null, metric: 'Accuracy', metrics: { Accuracy: score, 'Log loss': logLoss }, durationMs: 0, epochs: 1 };
}

describe('bestTrial', () => {
  it('takes the highest accuracy, then the lowest log loss, then the first', () => {
    expect(bestTrial([fakeResult(0.8, 0.5), fakeResult(0.9, 0.6), fakeResult(0.85, 0.1)], 'classification')).toBe(1);
    expect(bestTrial([fakeResult(0.9, 0.6), fakeResult(0.9, 0.4), fakeResult(0.9, 0.4)], 'classification')).toBe(1);
    expect(bestTrial([fakeResult(0.9, null), fakeResult(0.9, 0.7)], 'classification')).toBe(1);
  });

  it('takes the lowest RMSE, and never a trial without a score', () => {
    expect(bestTrial([fakeResult(3), fakeResult(NaN), fakeResult(1.5), fakeResult(2)], 'regression')).toBe(2);
    expect(bestTrial([fakeResult(NaN), fakeResult(0.5)], 'classification')).toBe(1);
    expect(bestTrial([fakeResult(NaN)], 'regression')).toBe(-1);
    expect(bestTrial([], 'regression')).toBe(-1);
  });
});

describe('runSearch', () => {
  const classification = synthetic('classification', 60, 30);
  const regression = synthetic('regression', 60, 30);
  const trials = planTrials(settings(), { learningRate: [0.05, 0.001], hiddenLayers: [[8], [4]] }, 'grid', 3, 1).trials;

  it('holdout: trains on train, scores on validation, reports each trial and the best', async () => {
    const seen: [number, number][] = [];
    const { results, best, cancelled } = await runSearch(classification, trials, {
      tf,
      validation: 'holdout',
      onTrial: (_result, index, total) => seen.push([index, total]),
    });
    expect(cancelled).toBe(false);
    expect(seen).toEqual([[0, 3], [1, 3], [2, 3]]);
    expect(results).toHaveLength(3);
    results.forEach((r, i) => {
      expect(r.settings).toEqual(trials[i]);
      expect(r.metric).toBe('Accuracy');
      expect(r.scoreStd).toBeNull();
      expect(r.score).toBe(r.metrics.Accuracy);
      expect(r.score).toBeGreaterThanOrEqual(0);
      expect(r.score).toBeLessThanOrEqual(1);
      expect(Object.keys(r.metrics)).toEqual(['Accuracy', 'Precision', 'Recall', 'F1', 'ROC AUC', 'Log loss']);
      expect(r.epochs).toBe(4);
      expect(r.durationMs).toBeGreaterThanOrEqual(0);
    });
    expect(best).toBe(bestTrial(results, 'classification'));
    for (const r of results) expect(results[best].score).toBeGreaterThanOrEqual(r.score);
  });

  it('k-fold: scores on each held-out fold, mean ± std, every fold trained', async () => {
    const progress: SearchProgress[] = [];
    const { results, best } = await runSearch(classification, trials.slice(0, 2), {
      tf,
      validation: { folds: 3 },
      onProgress: (p) => progress.push(p),
    });
    expect(results).toHaveLength(2);
    for (const r of results) {
      expect(r.scoreStd).not.toBeNull();
      expect(r.scoreStd).toBeGreaterThanOrEqual(0);
      expect(r.score).toBeCloseTo(r.metrics.Accuracy as number, 12);
    }
    expect(new Set(progress.map((p) => `${p.trial}/${p.fold}`))).toEqual(new Set(['0/0', '0/1', '0/2', '1/0', '1/1', '1/2']));
    expect(progress.every((p) => p.folds === 3 && p.trials === 2)).toBe(true);
    expect(best).toBe(bestTrial(results, 'classification'));
  });

  it('k-fold scores are the mean of the folds scored separately with holdout', async () => {
    const single = [trials[0]];
    const folds = crossValidationFolds(regression, 3, single[0].seed);
    const perFold: number[] = [];
    for (const fold of folds) {
      const { results } = await runSearch({ ...regression, train: fold.train, validation: fold.heldOut }, single, { tf, validation: 'holdout' });
      perFold.push(results[0].score);
    }
    const { results } = await runSearch(regression, single, { tf, validation: { folds: 3 } });
    const mean = perFold.reduce((s, v) => s + v, 0) / 3;
    const std = Math.sqrt(perFold.reduce((s, v) => s + (v - mean) ** 2, 0) / 3);
    expect(results[0].metric).toBe('RMSE');
    expect(results[0].score).toBeCloseTo(mean, 5);
    expect(results[0].scoreStd).toBeCloseTo(std, 5);
  });

  it('regression: the best trial has the lowest RMSE', async () => {
    const { results, best } = await runSearch(regression, trials, { tf, validation: 'holdout' });
    expect(Object.keys(results[0].metrics)).toEqual(['MAE', 'RMSE', 'R²']);
    for (const r of results) expect(results[best].score).toBeLessThanOrEqual(r.score);
    expect(results.map((r) => r.score)).toEqual(results.map((r) => r.metrics.RMSE));
  });

  it('stops between trials when cancelled and keeps the finished ones', async () => {
    const controller = new AbortController();
    const outcome = await runSearch(classification, trials, {
      tf,
      validation: 'holdout',
      signal: controller.signal,
      onTrial: (_r, index) => {
        if (index === 0) controller.abort();
      },
    });
    expect(outcome.cancelled).toBe(true);
    expect(outcome.results).toHaveLength(1);
    expect(outcome.best).toBe(0);
  });

  it('stops inside training when cancelled and leaves the interrupted trial out', async () => {
    const controller = new AbortController();
    const outcome = await runSearch(classification, trials, {
      tf,
      validation: { folds: 2 },
      signal: controller.signal,
      onProgress: (p) => {
        if (p.trial === 1 && p.fold === 1) controller.abort();
      },
    });
    expect(outcome.cancelled).toBe(true);
    expect(outcome.results).toHaveLength(1);
  });

  it('returns nothing when cancelled before the first trial', async () => {
    const controller = new AbortController();
    controller.abort();
    expect(await runSearch(classification, trials, { tf, validation: 'holdout', signal: controller.signal })).toEqual({
      results: [],
      best: -1,
      cancelled: true,
    });
  });

  it('keeps a trial the trainer refuses, with its reason, and goes on', async () => {
    const broken = { ...trials[0], epochs: 0 };
    const seen: TrialResult[] = [];
    const { results, best, cancelled } = await runSearch(classification, [broken, trials[1]], {
      tf,
      validation: { folds: 2 },
      onTrial: (r) => seen.push(r),
    });
    expect(cancelled).toBe(false);
    expect(seen).toEqual(results);
    expect(results[0].error).toMatch(/Epochs must be a whole number/);
    expect(results[0].score).toBeNaN();
    expect(Object.values(results[0].metrics).every((v) => v === null)).toBe(true);
    expect(results[1].error).toBeUndefined();
    expect(best).toBe(1);
  });

  it('throws the trainer’s reason when every trial fails', async () => {
    const wrongKind = { ...trials[0], kind: 'linear-regression' as const };
    await expect(runSearch(classification, [wrongKind, wrongKind], { tf, validation: 'holdout' })).rejects.toThrow(TrainingError);
    await expect(runSearch(classification, [wrongKind], { tf, validation: 'holdout' })).rejects.toThrow(/Linear regression predicts numbers/);
  });

  it('refuses no trials, too many, bad folds and holdout without validation rows', async () => {
    await expect(runSearch(classification, [], { tf, validation: 'holdout' })).rejects.toThrow(ModelError);
    await expect(runSearch(classification, new Array(201).fill(trials[0]), { tf, validation: 'holdout' })).rejects.toThrow(/at most 200 trials/);
    await expect(runSearch(classification, trials, { tf, validation: { folds: 1 } })).rejects.toThrow(/from 2 to 10/);
    await expect(runSearch(classification, trials, { tf, validation: { folds: 11 } })).rejects.toThrow(/from 2 to 10/);
    const noValidation = { ...classification, validation: matrix([], []) };
    await expect(runSearch(noValidation, trials, { tf, validation: 'holdout' })).rejects.toThrow(/Holdout scoring needs validation rows/);
  });
});
