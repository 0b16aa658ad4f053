/**
 * Hyperparameter search: which settings train the best model on this data, judged without
 * touching the test set.
 *
 * - {@link planTrials} turns base settings and a {@link SearchSpace} (the values to try per
 *   parameter) into the list of settings to train: the whole grid in a fixed order, cut to the
 *   budget, or a seeded random sample of distinct combinations.
 * - {@link runSearch} trains each trial and scores it on held-out rows: either the validation
 *   part (holdout) or k-fold cross-validation over the train part, where every train row is held
 *   out exactly once and the score is the mean over the folds (± its standard deviation).
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
import { showValue, type ValueStyle } from '../format';
import { createRandom } from '../random';
import type { Random } from '../random';
import { ModelError } from './errors';
import { classificationMetrics, metricNames, regressionMetrics } from './metrics';
import { forward } from './predict';
import { SETTING_LIMITS, trainModel, TrainingError, type TrainOptions, type TrainOutcome } from './train';
import type {
  Activation,
  LabelledMatrix,
  ModelKind,
  OptimizerName,
  Task,
  TrainingData,
  TrainProgress,
  TrainSettings,
} from './types';

/** Per tunable parameter, the values to try; a parameter left out keeps the base settings' value. */
export interface SearchSpace {
  learningRate?: number[];
  batchSize?: number[];
  hiddenLayers?: number[][];
  dropout?: number[];
  l2?: number[];
  epochs?: number[];
  activation?: Activation[];
  optimizer?: OptimizerName[];
}

export type TunableParameter = keyof SearchSpace;
export type SearchStrategy = 'grid' | 'random';

/** Trials may number at most this many (a budget, or a list given to runSearch). */
export const MAX_BUDGET = 200;
export const MIN_FOLDS = 2;
export const MAX_FOLDS = 10;
/** Values per parameter, at most; keeps the number of combinations well inside exact integers. */
export const MAX_VALUES = 50;

/** Kinds trained by gradient descent; linear regression is solved exactly, so only its L2 penalty is tunable. */
const GRADIENT_KINDS: readonly ModelKind[] = ['logistic-regression', 'mlp'];
const PENALISED_KINDS: readonly ModelKind[] = ['linear-regression', 'logistic-regression', 'mlp'];
const MLP_ONLY: readonly ModelKind[] = ['mlp'];

/**
 * The tunable parameters in the grid's order (the first varies slowest), with the words the
 * studio uses for them and the model kinds they apply to.
 */
export const TUNABLE_PARAMETERS: readonly { key: TunableParameter; label: string; kinds: readonly ModelKind[] }[] = [
  { key: 'learningRate', label: 'Learning rate', kinds: GRADIENT_KINDS },
  { key: 'batchSize', label: 'Batch size', kinds: GRADIENT_KINDS },
  { key: 'hiddenLayers', label: 'Hidden layers', kinds: MLP_ONLY },
  { key: 'dropout', label: 'Dropout', kinds: MLP_ONLY },
  { key: 'l2', label: 'L2 penalty', kinds: PENALISED_KINDS },
  { key: 'epochs', label: 'Epochs', kinds: GRADIENT_KINDS },
  { key: 'activation', label: 'Activation', kinds: MLP_ONLY },
  { key: 'optimizer', label: 'Optimizer', kinds: GRADIENT_KINDS },
];

const KIND_WORDS: Record<ModelKind, string> = {
  baseline: 'the baseline',
  'linear-regression': 'a linear regression',
  'logistic-regression': 'a logistic regression',
  mlp: 'a neural network (MLP)',
};

/**
 * Sensible values to try for every parameter that applies to `kind`: none for the baseline,
 * which has nothing to tune, and only the L2 penalty for linear regression, which is solved
 * exactly rather than trained. The full space is large; the UI lets people pick which
 * parameters to vary, and random search covers a large space well with a small budget.
 */
export function defaultSearchSpace(kind: ModelKind): SearchSpace {
  if (kind === 'baseline') return {};
  if (kind === 'linear-regression') return { l2: [0, 1e-4, 1e-3, 1e-2, 1e-1] };
  const common: SearchSpace = {
    // Logistic regression trains well with larger steps (its default is 0.05).
    learningRate: kind === 'mlp' ? [1e-3, 3e-3, 1e-2, 3e-2] : [3e-3, 1e-2, 3e-2, 1e-1],
    batchSize: [32, 64, 128],
    l2: [0, 1e-4, 1e-3],
    epochs: [50, 100, 200],
    optimizer: ['adam', 'rmsprop', 'sgd'],
  };
  if (kind !== 'mlp') return common;
  return {
    ...common,
    hiddenLayers: [[32], [64, 32], [128, 64]],
    dropout: [0, 0.1, 0.3],
    activation: ['relu', 'tanh'],
  };
}

export interface TrialPlan {
  /** The settings to train, in order. */
  trials: TrainSettings[];
  /** Combinations in the whole space; more than `trials.length` when the budget cut it. */
  total: number;
}

type Dimension = { key: TunableParameter; values: unknown[] };

const L = SETTING_LIMITS;

/** Setting values in messages as the person typed them: text without quotes, numbers in full. */
const SETTING_VALUE: ValueStyle = { quote: '', fullNumbers: true };
const wholeIn = (v: unknown, min: number, max: number): boolean => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

/** Why one value cannot be tried (the trainer's limits, `SETTING_LIMITS`), or null. */
function badValue(key: TunableParameter, v: unknown): string | null {
  switch (key) {
    case 'learningRate':
      return typeof v === 'number' && v > L.learningRate.min && v <= L.learningRate.max
        ? null
        : `must be more than 0 and at most ${L.learningRate.max}`;
    case 'batchSize':
      return wholeIn(v, L.batchSize.min, L.batchSize.max) ? null : `must be whole numbers from 1 to ${L.batchSize.max.toLocaleString('en')}`;
    case 'epochs':
      return wholeIn(v, L.epochs.min, L.epochs.max) ? null : `must be whole numbers from 1 to ${L.epochs.max.toLocaleString('en')}`;
    case 'hiddenLayers':
      return Array.isArray(v) &&
        v.length >= L.hiddenLayers.min &&
        v.length <= L.hiddenLayers.max &&
        v.every((units) => wholeIn(units, L.units.min, L.units.max))
        ? null
        : `must have ${L.hiddenLayers.min} to ${L.hiddenLayers.max} layers of ${L.units.min} to ${L.units.max} units`;
    case 'dropout':
      return typeof v === 'number' && v >= L.dropout.min && v <= L.dropout.max ? null : `must be from ${L.dropout.min} to ${L.dropout.max}`;
    case 'l2':
      return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? null : 'must be numbers of at least 0';
    case 'activation':
      return v === 'relu' || v === 'tanh' || v === 'sigmoid' ? null : 'must be relu, tanh or sigmoid';
    case 'optimizer':
      return v === 'adam' || v === 'sgd' || v === 'rmsprop' ? null : 'must be adam, sgd or rmsprop';
  }
}

/** The space's parameters with their distinct values, in grid order; throws a ModelError if unusable. */
function dimensionsOf(kind: ModelKind, space: SearchSpace): Dimension[] {
  const dimensions: Dimension[] = [];
  for (const { key, label, kinds } of TUNABLE_PARAMETERS) {
    const given = space[key] as unknown[] | undefined;
    if (given === undefined) continue;
    if (!Array.isArray(given) || given.length === 0) {
      throw new ModelError(`${label} has no values to try: give at least one, or leave it out of the search.`);
    }
    if (!kinds.includes(kind)) {
      throw new ModelError(
        kind === 'baseline'
          ? 'The baseline has no settings to tune.'
          : `${label} does not apply to ${KIND_WORDS[kind]}; leave it out of the search.`,
      );
    }
    const seen = new Set<string>();
    const values: unknown[] = [];
    for (const v of given) {
      const reason = badValue(key, v);
      if (reason) throw new ModelError(`${label} ${showValue(v, SETTING_VALUE)} cannot be tried: values ${reason}.`);
      const id = JSON.stringify(v);
      if (seen.has(id)) continue; // a repeated value counts once
      seen.add(id);
      values.push(Array.isArray(v) ? [...v] : v);
    }
    if (values.length > MAX_VALUES) {
      throw new ModelError(`${label} has ${values.length} values to try; the most is ${MAX_VALUES}.`);
    }
    dimensions.push({ key, values });
  }
  if (dimensions.length === 0) {
    throw new ModelError(
      kind === 'baseline' ? 'The baseline has no settings to tune.' : 'The search space is empty: choose at least one setting to vary.',
    );
  }
  return dimensions;
}

/** The settings at `index` of the grid: mixed radix with the first parameter most significant. */
function combination(base: TrainSettings, dimensions: Dimension[], index: number): TrainSettings {
  const settings: TrainSettings = { ...base, hiddenLayers: [...base.hiddenLayers] };
  let rest = index;
  for (let d = dimensions.length - 1; d >= 0; d--) {
    const { key, values } = dimensions[d];
    const value = values[rest % values.length];
    rest = Math.floor(rest / values.length);
    (settings as unknown as Record<string, unknown>)[key] = Array.isArray(value) ? [...value] : value;
  }
  return settings;
}

function checkBudget(budget: number): void {
  if (!Number.isInteger(budget) || budget < 1 || budget > MAX_BUDGET) {
    throw new ModelError(`The budget must be a whole number of trials from 1 to ${MAX_BUDGET}; it is ${budget}.`);
  }
}

/**
 * The settings to train. Each trial is `base` with the space's parameters set, so everything
 * else (kind, patience, seed …) is the base's.
 *
 * - grid: every combination, in nested-loop order (learning rate outermost, then batch size,
 *   hidden layers, dropout, L2, epochs, activation, optimizer — the last varies fastest), cut to
 *   the first `budget`. `total` says how many there are, so the UI can say "12 of 48
 *   combinations"; when the grid is larger than the budget, random search explores it better.
 * - random: `budget` distinct combinations drawn with `seed` (stream `fork('tune')`); when the
 *   space has no more than `budget` combinations, all of them in a random order.
 *
 * Repeated values in a list count once. Throws a ModelError for a budget outside 1 … 200, an
 * empty space or list, a value that cannot be trained, or a parameter that does not apply to
 * `base.kind`.
 */
export function planTrials(base: TrainSettings, space: SearchSpace, strategy: SearchStrategy, budget: number, seed: number): TrialPlan {
  checkBudget(budget);
  if (strategy !== 'grid' && strategy !== 'random') {
    throw new ModelError(`The search strategy must be grid or random; it is ${String(strategy)}.`);
  }
  const dimensions = dimensionsOf(base.kind, space);
  const total = dimensions.reduce((product, d) => product * d.values.length, 1);
  const count = Math.min(budget, total);
  let indices: number[];
  if (strategy === 'grid') {
    indices = Array.from({ length: count }, (_, i) => i);
  } else {
    indices = sampleDistinct(total, count, createRandom(seed).fork('tune'));
  }
  return { trials: indices.map((i) => combination(base, dimensions, i)), total };
}

/** `count` distinct whole numbers from [0, total), in the order drawn. */
function sampleDistinct(total: number, count: number, random: Random): number[] {
  if (total <= 4 * count) {
    // Small space: a partial Fisher–Yates shuffle of all the indices.
    const all = Array.from({ length: total }, (_, i) => i);
    for (let i = 0; i < count; i++) {
      const j = i + random.int(total - i);
      [all[i], all[j]] = [all[j], all[i]];
    }
    return all.slice(0, count);
  }
  // Large space: draw until `count` different ones (most draws are new).
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(random.int(total));
  return [...chosen];
}

// ---------------------------------------------------------------------------------------------
// Cross-validation folds

/**
 * The fold (0 … folds − 1) of each of the `y.length` rows. Regression: the rows are shuffled and
 * dealt round the folds. Classification (`classes` given): each class's rows are shuffled and
 * dealt on in turn, so every fold has each class's share of rows within one row. Either way the
 * fold sizes differ by at most one.
 */
export function assignFolds(y: ArrayLike<number>, folds: number, random: Random, classes: number | null): Uint8Array {
  const n = y.length;
  const order: number[] = [];
  if (classes === null) {
    for (let i = 0; i < n; i++) order.push(i);
    random.shuffle(order);
  } else {
    const byClass: number[][] = Array.from({ length: classes }, () => []);
    for (let i = 0; i < n; i++) {
      const c = y[i];
      if (!Number.isInteger(c) || c < 0 || c >= classes) {
        throw new ModelError(`Row ${i + 1} of the train part has class index ${c}, outside the ${classes} classes.`);
      }
      byClass[c].push(i);
    }
    // One push per row: spreading a class of many rows into push() overflows the call stack.
    for (const rows of byClass) for (const row of random.shuffle(rows)) order.push(row);
  }
  const fold = new Uint8Array(n);
  for (let p = 0; p < n; p++) fold[order[p]] = p % folds;
  return fold;
}

/** The rows of `m` at `rows`, in that order. */
export function takeRows(m: LabelledMatrix, rows: ArrayLike<number>): LabelledMatrix {
  const width = m.x.width;
  const values = new Float32Array(rows.length * width);
  const y = new Float32Array(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const source = rows[r];
    values.set(m.x.values.subarray(source * width, (source + 1) * width), r * width);
    y[r] = m.y[source];
  }
  return { x: { rows: rows.length, width, values }, y };
}

export interface Fold {
  /** The other folds' train rows. */
  train: LabelledMatrix;
  /** This fold's rows, scored after training on the others. */
  heldOut: LabelledMatrix;
  /** Which train rows are held out, ascending. */
  heldOutRows: Int32Array;
}

function checkFolds(folds: number, rows: number): void {
  if (!Number.isInteger(folds) || folds < MIN_FOLDS || folds > MAX_FOLDS) {
    throw new ModelError(`Cross-validation needs a whole number of folds from ${MIN_FOLDS} to ${MAX_FOLDS}; it is ${folds}.`);
  }
  if (rows < folds) {
    throw new ModelError(`Cross-validation with ${folds} folds needs at least ${folds} train rows; there ${rows === 1 ? 'is 1' : `are ${rows}`}.`);
  }
}

/**
 * The k folds of `data.train`, drawn with `seed` (stream `fork('cross-validation')`), stratified
 * by class for classification. Every train row is held out in exactly one fold.
 */
export function crossValidationFolds(data: TrainingData, folds: number, seed: number): Fold[] {
  const rows = data.train.x.rows;
  checkFolds(folds, rows);
  const classes = data.target.task === 'classification' ? data.target.classes.length : null;
  const fold = assignFolds(data.train.y, folds, createRandom(seed).fork('cross-validation'), classes);
  const result: Fold[] = [];
  for (let f = 0; f < folds; f++) {
    const inFold: number[] = [];
    const outside: number[] = [];
    for (let i = 0; i < rows; i++) (fold[i] === f ? inFold : outside).push(i);
    result.push({ train: takeRows(data.train, outside), heldOut: takeRows(data.train, inFold), heldOutRows: Int32Array.from(inFold) });
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Running the search

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
      const metrics = heldOutMetrics(data, heldOut, forward(trained.parameters, heldOut.x));
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
