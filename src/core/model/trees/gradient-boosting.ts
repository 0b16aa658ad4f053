/**
 * Histogram gradient boosting on the studio's design matrices, in plain TypeScript.
 *
 * The train rows' features are binned once (`binning.ts`); each iteration computes every
 * row's gradient and hessian of the loss at its current margin (`boosting-loss.ts`) and grows
 * one tree per output on them (`grow.ts`): one for regression and a binary target (sigmoid
 * link), one per class for more classes (softmax link). The margins of the train rows are
 * updated from the leaves' row ranges, those of the validation rows by walking the new trees
 * on their bins; both give the training curve.
 *
 * Defaults are scikit-learn's HistGradientBoosting: learning rate 0.1, 100 iterations,
 * 31 leaves, 20 rows per leaf, no depth limit, no L2, 255 bins. Early stopping differs only in
 * where it looks: the studio has a validation part, so it watches that part's loss (patience
 * 10 iterations, as scikit-learn's n_iter_no_change) whenever the part has rows, where
 * scikit-learn holds out 10 % of the train rows and only above 10,000 rows. The trees of the
 * best iteration are kept.
 *
 * Nothing is random (no row or feature subsampling), so the same data and settings give the
 * same bits. Cancelling through `signal` stops between iterations and returns the best
 * iteration so far, as the network's training does.
 */
import { ModelError } from '../errors';
import { targetScale } from '../models/common';
import type { EpochRecord, TrainingData } from '../types';
import { createYielder } from '../yielder';
import { binMatrix, fitBinEdges, MAX_BINS, type BinnedMatrix } from './binning';
import {
  binaryGradientsAndScores,
  initialMargins,
  lossGradients,
  medianResidual,
  partScores,
  softmaxNormalisers,
  type BoostingLoss,
} from './boosting-loss';
import type { TreeEnsemble } from './ensemble';
import { createGrowScratch, growTree, type GrownTree } from './grow';

export interface GradientBoostingSettings {
  learningRate: number;
  /** Boosting iterations (each adds one tree per output). */
  iterations: number;
  maxLeaves: number;
  /** Edges from the root to the deepest leaf; null for no limit. */
  maxDepth: number | null;
  minSamplesLeaf: number;
  /** L2 penalty on leaf values (λ). */
  l2: number;
  /** Regression only: the loss minimised. Classification always uses log loss. */
  regressionLoss: 'squared-error' | 'absolute-error';
  /** Iterations without a better validation loss before stopping; 0 = off. */
  patience: number;
  /** Bins per feature for the non-missing values, 2 … 255. */
  maxBins: number;
}

export const GRADIENT_BOOSTING_DEFAULTS: Readonly<GradientBoostingSettings> = {
  learningRate: 0.1,
  iterations: 100,
  maxLeaves: 31,
  maxDepth: null,
  minSamplesLeaf: 20,
  l2: 0,
  regressionLoss: 'squared-error',
  patience: 10,
  maxBins: MAX_BINS,
};

export interface GradientBoostingProgress {
  iteration: number;
  iterations: number;
  /** The iteration's losses and metrics (accuracy or R²) on each part. */
  record: EpochRecord;
}

export interface GradientBoostingOptions {
  /** Checked between iterations; when aborted, training stops and returns the best iteration so far. */
  signal?: AbortSignal;
  onProgress?: (progress: GradientBoostingProgress) => void;
}

export interface GradientBoostingResult {
  ensemble: TreeEnsemble;
  /** One record per iteration run (`epoch` = iteration, from 1), including those after the best. */
  curve: EpochRecord[];
  /** The iteration whose trees were kept (the lowest validation loss, or the last one). */
  bestIteration: number;
  stoppedEarly: boolean;
  /** True when `signal` stopped the training. */
  cancelled: boolean;
  /** Per design-matrix column, the total gain of the kept trees' splits on it. */
  featureGain: Float64Array;
}

/** How often, at most, the loop lets the event loop run (so a worker hears a cancel). */
const YIELD_EVERY_MS = 50;
/** A validation loss must improve by more than this, relatively, to count as better. */
const TOLERANCE = 1e-7;

export async function trainGradientBoosting(
  data: TrainingData,
  settings: Partial<GradientBoostingSettings> = {},
  options: GradientBoostingOptions = {},
): Promise<GradientBoostingResult> {
  const s: GradientBoostingSettings = { ...GRADIENT_BOOSTING_DEFAULTS, ...settings };
  checkSettings(s);
  const classes = checkData(data);
  const { signal, onProgress } = options;
  const loss: BoostingLoss = data.target.task === 'classification' ? 'log-loss' : s.regressionLoss;
  const outputs = loss === 'log-loss' && classes > 2 ? classes : 1;
  const link = loss !== 'log-loss' ? 'identity' : outputs === 1 ? 'sigmoid' : 'softmax';

  const train = data.train;
  const validation = data.validation;
  const n = train.x.rows;
  const nv = validation.x.rows;
  const edges = fitBinEdges(train.x, s.maxBins);
  const binned = binMatrix(train.x, edges);
  const binnedValidation = binMatrix(validation.x, edges);
  const base = initialMargins(loss, train.y, outputs);
  const raw = new Float64Array(outputs * n);
  const rawValidation = new Float64Array(outputs * nv);
  for (let k = 0; k < outputs; k++) {
    raw.fill(base[k], k * n, (k + 1) * n);
    rawValidation.fill(base[k], k * nv, (k + 1) * nv);
  }

  const scale = { std: targetScale(train.y).std };
  const grow = {
    maxLeaves: s.maxLeaves,
    maxDepth: s.maxDepth ?? Infinity,
    minSamplesLeaf: s.minSamplesLeaf,
    l2: s.l2,
    shrinkage: s.learningRate,
  };
  const scratch = createGrowScratch(n);
  const walk = createTreeWalk(2 * s.maxLeaves - 1);
  const g = new Float64Array(n);
  const h = new Float64Array(n);
  const normalisers = new Float64Array(outputs > 1 ? n : 0);
  const residuals = new Float64Array(loss === 'absolute-error' ? n : 0);
  const constantHessian = loss !== 'log-loss';
  // Binary log loss: the pass that scores an iteration's margins also gives the next
  // iteration's gradients (one exp per row instead of two).
  const binary = loss === 'log-loss' && outputs === 1;
  if (binary) binaryGradientsAndScores(raw, train.y, g, h);

  const trees: { tree: GrownTree; output: number }[] = [];
  const curve: EpochRecord[] = [];
  let bestIteration = 0;
  let bestLoss = Infinity;
  let stoppedEarly = false;
  let cancelled = false;
  const earlyStopping = s.patience > 0 && nv > 0;
  const yielder = createYielder();
  let lastYield = now();
  try {
    for (let iteration = 1; iteration <= s.iterations; iteration++) {
      if (now() - lastYield >= YIELD_EVERY_MS) {
        await yielder.yield();
        lastYield = now();
      }
      if (signal?.aborted) {
        cancelled = true;
        break;
      }
      if (outputs > 1) softmaxNormalisers(raw, n, outputs, normalisers);
      for (let k = 0; k < outputs; k++) {
        if (!binary) lossGradients(loss, raw, train.y, outputs, k, normalisers, g, h);
        const grown = growTree(binned, g, h, constantHessian, grow, scratch);
        if (loss === 'absolute-error') refitMedians(grown, scratch.rows, train.y, raw, s.learningRate, residuals);
        addLeaves(grown, scratch.rows, raw, k * n);
        addTree(grown, binnedValidation, rawValidation, k * nv, walk);
        trees.push({ tree: grown, output: k });
      }
      const trainScores = binary ? binaryGradientsAndScores(raw, train.y, g, h) : partScores(loss, raw, train.y, outputs, scale);
      const validationScores = partScores(loss, rawValidation, validation.y, outputs, scale);
      const record: EpochRecord = {
        epoch: iteration,
        trainLoss: trainScores.loss,
        validationLoss: validationScores.loss,
        trainMetric: trainScores.metric,
        validationMetric: validationScores.metric,
      };
      curve.push(record);
      onProgress?.({ iteration, iterations: s.iterations, record });
      if (!earlyStopping || bestIteration === 0 || record.validationLoss < bestLoss - TOLERANCE * Math.abs(bestLoss)) {
        bestLoss = earlyStopping ? record.validationLoss : bestLoss;
        bestIteration = iteration;
      } else if (iteration - bestIteration >= s.patience) {
        stoppedEarly = true;
        break;
      }
    }
  } finally {
    yielder.close();
  }

  const kept = trees.slice(0, bestIteration * outputs);
  const featureGain = new Float64Array(train.x.width);
  for (const { tree } of kept) {
    for (let i = 0; i < tree.gain.length; i++) if (tree.tree.feature[i] >= 0) featureGain[tree.tree.feature[i]] += tree.gain[i];
  }
  return {
    ensemble: {
      trees: kept.map(({ tree, output }) => ({ tree: tree.tree, output })),
      outputs,
      base: Float32Array.from(base),
      aggregate: 'sum',
      link,
    },
    curve,
    bestIteration,
    stoppedEarly,
    cancelled,
    featureGain,
  };
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}

/** Adds each leaf's value to the margins of the train rows it holds. */
function addLeaves(grown: GrownTree, rows: Uint32Array, raw: Float64Array, offset: number): void {
  const { feature, value } = grown.tree;
  for (let node = 0; node < feature.length; node++) {
    if (feature[node] >= 0) continue;
    const v = value[node];
    for (let i = grown.start[node]; i < grown.end[node]; i++) raw[offset + rows[i]] += v;
  }
}

/**
 * Adds the tree's answer for each binned row to its margin. The walk chooses a child without
 * a branch (which side a row goes is a coin toss to the processor): with a node's missing
 * values sent left, bins are shifted up by one modulo 256, which makes the missing bin 0 and
 * keeps the others in order (as the partition of the train rows does), and the child is read
 * from `children[2 × node + goesRight]`.
 */
function addTree(grown: GrownTree, binned: BinnedMatrix, raw: Float64Array, offset: number, walk: TreeWalk): void {
  const { feature, missingLeft, left, right, value } = grown.tree;
  const { splitBin } = grown;
  const nodes = feature.length;
  const { children, shift, limit } = walk;
  for (let node = 0; node < nodes; node++) {
    children[2 * node] = left[node];
    children[2 * node + 1] = right[node];
    shift[node] = missingLeft[node];
    limit[node] = splitBin[node] + missingLeft[node];
  }
  const { rows: n, width, bins } = binned;
  for (let i = 0; i < n; i++) {
    const cells = i * width;
    let node = 0;
    let f = feature[0];
    while (f >= 0) {
      const goesRight = +(((bins[cells + f] + shift[node]) & 255) > limit[node]);
      node = children[2 * node + goesRight];
      f = feature[node];
    }
    raw[offset + i] += value[node];
  }
}

/** Per-node scratch of `addTree`, sized for the largest tree. */
interface TreeWalk {
  children: Int32Array;
  shift: Uint8Array;
  limit: Uint16Array;
}

function createTreeWalk(nodes: number): TreeWalk {
  return { children: new Int32Array(2 * nodes), shift: new Uint8Array(nodes), limit: new Uint16Array(nodes) };
}

/** Absolute error: each leaf's value becomes the learning rate times its rows' median residual. */
function refitMedians(grown: GrownTree, rows: Uint32Array, y: Float32Array, raw: Float64Array, learningRate: number, buffer: Float64Array): void {
  const { feature, value } = grown.tree;
  for (let node = 0; node < feature.length; node++) {
    if (feature[node] >= 0) continue;
    value[node] = Math.fround(learningRate * medianResidual(rows, grown.start[node], grown.end[node], y, raw, buffer));
  }
}

function checkSettings(s: GradientBoostingSettings): void {
  const integer = (v: number, min: number) => Number.isInteger(v) && v >= min;
  if (!(s.learningRate > 0 && Number.isFinite(s.learningRate))) {
    throw new ModelError(`The learning rate must be a positive number, not ${s.learningRate}.`);
  }
  if (!integer(s.iterations, 1)) throw new ModelError(`Trees must be a whole number of at least 1, not ${s.iterations}.`);
  if (!integer(s.maxLeaves, 2)) throw new ModelError(`Max leaves must be a whole number of at least 2, not ${s.maxLeaves}.`);
  if (s.maxDepth !== null && !integer(s.maxDepth, 1)) {
    throw new ModelError(`Max depth must be a whole number of at least 1 (or no limit), not ${s.maxDepth}.`);
  }
  if (!integer(s.minSamplesLeaf, 1)) {
    throw new ModelError(`Min samples per leaf must be a whole number of at least 1, not ${s.minSamplesLeaf}.`);
  }
  if (!(s.l2 >= 0 && Number.isFinite(s.l2))) throw new ModelError(`The L2 penalty must be 0 or more, not ${s.l2}.`);
  if (!integer(s.patience, 0)) throw new ModelError(`Patience must be a whole number of iterations, not ${s.patience}.`);
  if (!(integer(s.maxBins, 2) && s.maxBins <= MAX_BINS)) {
    throw new ModelError(`Bins per feature must be a whole number from 2 to ${MAX_BINS}, not ${s.maxBins}.`);
  }
}

/**
 * Checks the design matrices and targets (missing inputs are allowed: trees learn where they
 * go) and returns the number of classes (0 for regression).
 */
export function checkData(data: TrainingData): number {
  const { task, classes: names } = data.target;
  const width = data.preprocessor.width;
  const classes = task === 'classification' ? names.length : 0;
  for (const [part, m] of [['train', data.train], ['validation', data.validation]] as const) {
    if (m.x.width !== width) throw new ModelError(`The ${part} part has ${m.x.width} input columns; the features make ${width}.`);
    if (m.x.values.length !== m.x.rows * width || m.y.length !== m.x.rows) {
      throw new ModelError(`The ${part} part's inputs and targets do not have the same number of rows.`);
    }
    for (let i = 0; i < m.x.values.length; i++) {
      const v = m.x.values[i];
      if (v === Infinity || v === -Infinity) {
        throw new ModelError(`Row ${Math.floor(i / Math.max(1, width)) + 1} of the ${part} part has an infinite input after preprocessing.`);
      }
    }
    for (let i = 0; i < m.y.length; i++) {
      const y = m.y[i];
      if (task === 'classification' ? !(Number.isInteger(y) && y >= 0 && y < classes) : !Number.isFinite(y)) {
        throw new ModelError(`Row ${i + 1} of the ${part} part has a missing or unknown target value.`);
      }
    }
  }
  if (data.train.x.rows === 0) throw new ModelError('The train part has no rows to learn from.');
  if (task === 'classification') {
    const seen = new Set(data.train.y);
    if (seen.size < 2) {
      const only = names[data.train.y[0]] ?? '';
      throw new ModelError(`The train part has only one class (${only}); a classifier needs at least two. Choose another target or split.`);
    }
  }
  return classes;
}
