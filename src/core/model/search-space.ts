/**
 * The search space of a hyperparameter search and the trials drawn from it: per tunable
 * parameter the values to try, checked against the trainer's limits; {@link planTrials} turns
 * base settings and a space into the settings to train — the whole grid in a fixed order, cut
 * to the budget, or a seeded random sample of distinct combinations.
 */
import { showValue, type ValueStyle } from '../format';
import { createRandom } from '../random';
import type { Random } from '../random';
import { ModelError } from './errors';
import { SETTING_LIMITS } from './train';
import type { Activation, ModelKind, OptimizerName, TrainSettings } from './types';

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
  /** Tree models: 0 is no limit (as in the Train form). */
  maxDepth?: number[];
  maxLeaves?: number[];
  minSamplesLeaf?: number[];
}

export type TunableParameter = keyof SearchSpace;
export type SearchStrategy = 'grid' | 'random';

/** Trials may number at most this many (a budget, or a list given to runSearch). */
export const MAX_BUDGET = 200;
/** Values per parameter, at most; keeps the number of combinations well inside exact integers. */
export const MAX_VALUES = 50;

/** Kinds trained by gradient descent; linear regression is solved exactly, so only its L2 penalty is tunable. */
const GRADIENT_KINDS: readonly ModelKind[] = ['logistic-regression', 'mlp'];
const PENALISED_KINDS: readonly ModelKind[] = ['linear-regression', 'logistic-regression', 'mlp'];
const MLP_ONLY: readonly ModelKind[] = ['mlp'];
/** Kinds with a learning rate and a number of steps (epochs, or boosting iterations for trees). */
const STEPPED_KINDS: readonly ModelKind[] = [...GRADIENT_KINDS, 'gradient-boosted-trees'];
const TREE_KINDS: readonly ModelKind[] = ['gradient-boosted-trees', 'random-forest', 'decision-tree'];
/** Kinds with a number of trees or epochs to search: the stepped kinds and the forest. */
const COUNTED_KINDS: readonly ModelKind[] = [...STEPPED_KINDS, 'random-forest'];
/** Kinds with a leaf limit: boosting grows leaf-wise, the single tree may be capped best-first. */
const LEAF_KINDS: readonly ModelKind[] = ['gradient-boosted-trees', 'decision-tree'];

/**
 * The tunable parameters in the grid's order (the first varies slowest), with the words the
 * studio uses for them and the model kinds they apply to.
 */
export const TUNABLE_PARAMETERS: readonly { key: TunableParameter; label: string; kinds: readonly ModelKind[] }[] = [
  { key: 'learningRate', label: 'Learning rate', kinds: STEPPED_KINDS },
  { key: 'batchSize', label: 'Batch size', kinds: GRADIENT_KINDS },
  { key: 'hiddenLayers', label: 'Hidden layers', kinds: MLP_ONLY },
  { key: 'dropout', label: 'Dropout', kinds: MLP_ONLY },
  { key: 'l2', label: 'L2 penalty', kinds: PENALISED_KINDS },
  { key: 'epochs', label: 'Epochs', kinds: COUNTED_KINDS },
  { key: 'maxDepth', label: 'Max depth', kinds: TREE_KINDS },
  { key: 'maxLeaves', label: 'Max leaves', kinds: LEAF_KINDS },
  { key: 'minSamplesLeaf', label: 'Min samples per leaf', kinds: TREE_KINDS },
  { key: 'activation', label: 'Activation', kinds: MLP_ONLY },
  { key: 'optimizer', label: 'Optimizer', kinds: GRADIENT_KINDS },
];

const KIND_WORDS: Record<ModelKind, string> = {
  baseline: 'the baseline',
  'linear-regression': 'a linear regression',
  'logistic-regression': 'a logistic regression',
  mlp: 'a neural network (MLP)',
  'gradient-boosted-trees': 'gradient-boosted trees',
  'random-forest': 'a random forest',
  'decision-tree': 'a decision tree',
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
  // Boosting: the step size and the number of trees trade off against each other; leaves,
  // depth and rows per leaf bound each tree.
  if (kind === 'gradient-boosted-trees') {
    return { learningRate: [0.03, 0.1, 0.3], epochs: [50, 100, 200], maxDepth: [0, 3, 6], maxLeaves: [15, 31, 63], minSamplesLeaf: [5, 20, 50] };
  }
  // A forest gains little past a hundred trees; its trees are limited by depth and leaf size.
  if (kind === 'random-forest') return { epochs: [50, 100, 200], maxDepth: [0, 8, 16], minSamplesLeaf: [1, 5, 20] };
  // A single tree: depth is the lesson (0 = grown fully), rows per leaf the smoother control.
  if (kind === 'decision-tree') return { maxDepth: [2, 3, 4, 6, 8, 12, 0], maxLeaves: [0, 16, 64], minSamplesLeaf: [1, 5, 20, 50] };
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
    case 'maxDepth':
      return wholeIn(v, 0, 1_000) ? null : 'must be whole numbers from 0 (no limit) to 1,000';
    case 'maxLeaves':
      return wholeIn(v, 0, 65_536) && v !== 1 ? null : 'must be 0 (no limit) or whole numbers from 2 to 65,536';
    case 'minSamplesLeaf':
      return wholeIn(v, 1, 1_000_000) ? null : 'must be whole numbers from 1 to 1,000,000';
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
 *   hidden layers, dropout, L2, epochs, max depth, max leaves, min samples per leaf, activation,
 *   optimizer — the last varies fastest), cut to
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
