/**
 * Hyperparameter search: which settings train the best model on this data, judged without
 * touching the test set.
 *
 * - {@link planTrials} (search-space.ts) turns base settings and a {@link SearchSpace} (the
 *   values to try per parameter) into the list of settings to train: the whole grid in a fixed
 *   order, cut to the budget, or a seeded random sample of distinct combinations.
 * - {@link runSearch} trains each trial and scores it on held-out rows: either the validation
 *   part (holdout) or k-fold cross-validation over the train part (cross-validation.ts), where
 *   every train row is held out exactly once and the score is the mean over the folds (± its
 *   standard deviation).
 *
 * The score is the task's main metric on the held-out rows: Accuracy for classification (higher
 * is better; equal accuracies are told apart by the lower log loss) and RMSE for regression
 * (lower is better). Accuracy is what people read and compare; log loss settles ties because
 * accuracy moves in steps of one row and so ties often on small data.
 *
 * The held-out rows of a fit are also its `validation` part while it trains, so with early
 * stopping (patience > 0) they choose the epoch that is kept, just as the validation part does
 * for an ordinary fit. That makes the score slightly optimistic, and picking the best of many
 * trials makes it more so: an honest estimate comes only from the test set, once, at the end
 * (see accept.ts).
 */
import { ModelError } from './errors';
import { crossValidationFolds } from './cross-validation';
import { classificationMetrics, metricNames, regressionMetrics } from './metrics';
import { predictModel } from './predict';
import { MAX_BUDGET } from './search-space';
import { trainModel, TrainingError, type TrainOptions, type TrainOutcome } from './train';
import type { LabelledMatrix, Task, TrainingData, TrainProgress, TrainSettings } from './types';

export {
  MAX_BUDGET,
  MAX_VALUES,
  TUNABLE_PARAMETERS,
  defaultSearchSpace,
  planTrials,
  type SearchSpace,
  type SearchStrategy,
  type TrialPlan,
  type TunableParameter,
} from './search-space';
export { MAX_FOLDS, MIN_FOLDS, assignFolds, crossValidationFolds, takeRows, type Fold } from './cross-validation';

export interface TrialResult {
  settings: TrainSettings;
  /** The main metric on the held-out rows (the mean over the folds with k-fold); NaN if it could not be computed. */
  score: number;
  /** Standard deviation of the score over the folds (population, as scikit-learn reports it); null with holdout. */
  scoreStd: number | null;
  /** 'Accuracy' (classification) or 'RMSE' (regression). */
  metric: string;
  /** Every metric of the task on the held-out rows; with k-fold, the mean over the folds where it could be computed. */
  metrics: Record<string, number | null>;
  /** Wall time of the trial, all folds together. */
  durationMs: number;
  /** Epochs actually trained (fewer than the settings' when early stopping ended it); with k-fold, the mean over the folds, rounded. */
  epochs: number;
  /**
   * Why the trial could not be trained (e.g. its loss diverged in the first epoch), in the
   * trainer's plain words; such a trial has score NaN, null metrics, and is never the best.
   */
  error?: string;
}

export type ValidationScheme = 'holdout' | { folds: number };

export interface SearchProgress {
  /** The trial being trained, from 0. */
  trial: number;
  trials: number;
  /** The fold being trained, from 0 (always 0 of 1 with holdout). */
  fold: number;
  folds: number;
  training: TrainProgress;
}

export interface SearchOptions {
  tf: TrainOptions['tf'];
  validation: ValidationScheme;
  /** Aborting stops the trial in training and returns the finished trials with `cancelled: true`. */
  signal?: AbortSignal;
  /** Called after each finished trial. */
  onTrial?: (result: TrialResult, index: number, total: number) => void;
  onProgress?: (progress: SearchProgress) => void;
}

export interface SearchResult {
  /** The finished trials, in the order of `trials`. */
  results: TrialResult[];
  /** Index into `results` of the best trial; −1 when no trial finished with a score. */
  best: number;
  cancelled: boolean;
}

/** The task's main metric, used as the score. */
export function mainMetric(task: Task): 'Accuracy' | 'RMSE' {
  return task === 'classification' ? 'Accuracy' : 'RMSE';
}

const TIE = 1e-12;

/** Whether `a` beats `b`: higher accuracy (then lower log loss), or lower RMSE. Non-finite scores never win. */
function beats(a: TrialResult, b: TrialResult, task: Task): boolean {
  if (!Number.isFinite(a.score)) return false;
  if (!Number.isFinite(b.score)) return true;
  if (task === 'regression') return a.score < b.score;
  if (a.score > b.score + TIE) return true;
  if (a.score < b.score - TIE) return false;
  const lossA = a.metrics['Log loss'] ?? Infinity;
  const lossB = b.metrics['Log loss'] ?? Infinity;
  return lossA < lossB;
}

/** Index of the best result (the first among equals), or −1 if none has a finite score. */
export function bestTrial(results: readonly TrialResult[], task: Task): number {
  let best = -1;
  for (let i = 0; i < results.length; i++) {
    if (!Number.isFinite(results[i].score)) continue;
    if (best < 0 || beats(results[i], results[best], task)) best = i;
  }
  return best;
}

function mean(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}

function populationStd(values: readonly number[]): number {
  const m = mean(values);
  return Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / values.length);
}

function meanMetrics(perFold: Record<string, number | null>[]): Record<string, number | null> {
  const result: Record<string, number | null> = {};
  for (const name of Object.keys(perFold[0])) {
    const values = perFold.map((m) => m[name]).filter((v): v is number => v !== null && Number.isFinite(v));
    result[name] = values.length > 0 ? mean(values) : null;
  }
  return result;
}

function heldOutMetrics(data: TrainingData, heldOut: LabelledMatrix, output: Float32Array): Record<string, number | null> {
  const metrics =
    data.target.task === 'classification'
      ? classificationMetrics(heldOut.y, output, data.target.classes)
      : regressionMetrics(heldOut.y, output);
  return { ...metrics } as Record<string, number | null>;
}

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/**
 * Trains every trial and scores it on held-out rows (see the module comment for the score).
 *
 * - holdout: each trial trains on `data.train` and is scored on `data.validation`;
 * - `{ folds: k }`: `data.train` is split into k folds (seeded by the first trial's seed, so
 *   every trial sees the same folds; stratified by class for classification); each trial trains
 *   k times, on k − 1 folds, and is scored on the fold left out; its score is the mean over
 *   the folds and `scoreStd` their standard deviation. `data.validation` is not used.
 *
 * Aborting `signal` stops the training in progress; the trials finished so far come back with
 * `cancelled: true` (the interrupted trial is left out). A trial the trainer refuses with a
 * TrainingError (typically a loss that diverged in the first epoch) is kept with its `error`
 * and score NaN, and the search goes on; if every trial fails, the first one's TrainingError is
 * thrown. Throws a ModelError for no trials or more than 200, folds outside 2 … 10 or more than
 * the train rows, or holdout without validation rows.
 */
export async function runSearch(data: TrainingData, trials: TrainSettings[], options: SearchOptions): Promise<SearchResult> {
  if (trials.length === 0) throw new ModelError('There are no trials to run: the plan is empty.');
  if (trials.length > MAX_BUDGET) {
    throw new ModelError(`A search can run at most ${MAX_BUDGET} trials; this one has ${trials.length}.`);
  }
  const task = data.target.task;
  const metric = mainMetric(task);
  const { validation, signal } = options;

  let splits: { train: LabelledMatrix; heldOut: LabelledMatrix }[];
  if (validation === 'holdout') {
    if (data.validation.x.rows === 0) {
      throw new ModelError('Holdout scoring needs validation rows, and the split has none. Use cross-validation, or give Validation a share of the rows.');
    }
    splits = [{ train: data.train, heldOut: data.validation }];
  } else if (typeof validation === 'object' && validation !== null) {
    splits = crossValidationFolds(data, validation.folds, trials[0].seed);
  } else {
    throw new ModelError('Choose holdout or cross-validation to score the trials.');
  }
  const kFold = validation !== 'holdout';

  const results: TrialResult[] = [];
  const failures: TrainingError[] = [];
  let cancelled = false;
  search: for (let t = 0; t < trials.length; t++) {
    if (signal?.aborted) {
      cancelled = true;
      break;
    }
    const settings = trials[t];
    const started = now();
    const scores: number[] = [];
    const perFold: Record<string, number | null>[] = [];
    const epochs: number[] = [];
    let failure: TrainingError | null = null;
    for (let f = 0; f < splits.length; f++) {
      if (signal?.aborted) {
        cancelled = true;
        break search;
      }
      const { train, heldOut } = splits[f];
      let trained: TrainOutcome;
      try {
        trained = await trainModel({ ...data, train, validation: heldOut }, settings, {
          tf: options.tf,
          signal,
          onProgress: options.onProgress
            ? (training: TrainProgress) => options.onProgress?.({ trial: t, trials: trials.length, fold: f, folds: splits.length, training })
            : undefined,
        });
      } catch (error) {
        if (signal?.aborted) {
          cancelled = true;
          break search;
        }
        // One trial that cannot train (a learning rate that diverges) does not end the search.
        if (!(error instanceof TrainingError)) throw error;
        failure = error;
        break;
      }
      if (trained.cancelled) {
        cancelled = true;
        break search;
      }
      const metrics = heldOutMetrics(data, heldOut, predictModel(trained.parameters, heldOut.x));
      perFold.push(metrics);
      scores.push(metrics[metric] ?? NaN);
      epochs.push(trained.curve.length);
    }
    if (failure) {
      failures.push(failure);
      const result: TrialResult = {
        settings,
        score: NaN,
        scoreStd: null,
        metric,
        metrics: Object.fromEntries(metricNames(task).map((name) => [name, null])),
        durationMs: now() - started,
        epochs: 0,
        error: failure.message,
      };
      results.push(result);
      options.onTrial?.(result, t, trials.length);
      continue;
    }
    const result: TrialResult = {
      settings,
      score: mean(scores),
      scoreStd: kFold ? populationStd(scores) : null,
      metric,
      metrics: kFold ? meanMetrics(perFold) : perFold[0],
      durationMs: now() - started,
      epochs: Math.round(mean(epochs)),
    };
    results.push(result);
    options.onTrial?.(result, t, trials.length);
  }
  // Every trial failed: most likely the data, not the settings; say why, as the trainer put it.
  if (!cancelled && failures.length === trials.length) throw failures[0];
  return { results, best: bestTrial(results, task), cancelled };
}
