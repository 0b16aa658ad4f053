import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { ModelError } from '$src/core/model/errors';
import { TrainingError } from '$src/core/model/train';
import { bestTrial, crossValidationFolds, planTrials, runSearch, type SearchProgress, type TrialResult } from '$src/core/model/tune';
import { matrix, settings, synthetic } from './training-data';
import { defaultSettings } from '$src/core/model/train';

beforeAll(async () => {
  await tf.setBackend('cpu');
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
      expect(Object.keys(r.metrics)).toEqual(['Accuracy', 'Balanced accuracy', 'Precision', 'Recall', 'F1', 'MCC', 'ROC AUC', 'PR AUC', 'Log loss', 'Brier score']);
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

  it('searches the tree limits of a forest and a decision tree by k-fold, each trial deterministic', async () => {
    for (const kind of ['random-forest', 'decision-tree'] as const) {
      const base = { ...defaultSettings(kind, 'classification', 60), epochs: 10, seed: 3 };
      const { trials: plan } = planTrials(base, { maxDepth: [1, 0], minSamplesLeaf: [1, 8] }, 'grid', 4, 1);
      const first = await runSearch(classification, plan, { tf, validation: { folds: 3 } });
      const again = await runSearch(classification, plan, { tf, validation: { folds: 3 } });
      expect(first.results.map((r) => r.score)).toEqual(again.results.map((r) => r.score));
      expect(first.results.every((r) => r.scoreStd !== null && r.score >= 0 && r.score <= 1), kind).toBe(true);
      // The best is one of the trials, and the grid varies depth slowest.
      expect(first.best).toBeGreaterThanOrEqual(0);
      expect(first.results.map((r) => r.settings.maxDepth)).toEqual([1, 1, 0, 0]);
    }
  });
});
