/**
 * A random forest: CART trees (`cart.ts`, Gini or squared error) each grown on a bootstrap sample
 * of the train rows and trying a random subset of the features at each split; classification
 * averages the trees' class shares, regression their values. Features are binned once
 * (`binning.ts`), shared by all trees, so a split is found from per-bin sums instead of sorted
 * values and every threshold is a float32 edge the export reproduces.
 *
 * A bootstrap sample is the train rows with their draw counts (n draws with replacement) as
 * weights, as scikit-learn does; the rows never drawn for a tree are its out-of-bag rows, and
 * the forest's out-of-bag score (accuracy, or R²) averages, for each train row, the trees that
 * did not see it.
 *
 * Defaults are scikit-learn's RandomForest: 100 trees, √width features per split for
 * classification and all of them for regression, no depth limit, 1 row per leaf, bootstrap.
 * Every tree draws from its own stream forked from the seed (`random.ts`), so the same data,
 * settings and seed give the same forest. Cancelling through `signal` stops between trees and
 * keeps the trees grown so far.
 */
import { ModelError } from '../errors';
import type { EpochRecord, TrainingData } from '../types';
import { targetScale } from '../models/common';
import { ForestCurve } from './forest-curve';
import { createYielder } from '../yielder';
import { createRandom } from '../../random';
import { binMatrix, fitBinEdges, MAX_BINS } from './binning';
import { cartLeafOfBinned, cartOutputTrees, growCart } from './cart';
import { checkTreeSettings } from './decision-tree';
import type { TreeEnsemble } from './ensemble';
import { checkData } from './gradient-boosting';

/** Features tried per split: √width, all of them, or a fraction of them (at least one). */
export type FeaturesPerSplit = 'sqrt' | 'all' | number;

export interface RandomForestSettings {
  trees: number;
  /** null: √width for classification, all for regression (scikit-learn's defaults). */
  featuresPerSplit: FeaturesPerSplit | null;
  /** Edges from the root to the deepest leaf; null for no limit. */
  maxDepth: number | null;
  minSamplesLeaf: number;
  /** Without bootstrap every tree sees every row (and there is no out-of-bag score). */
  bootstrap: boolean;
  seed: number;
}

export const RANDOM_FOREST_DEFAULTS: Readonly<RandomForestSettings> = {
  trees: 100,
  featuresPerSplit: null,
  maxDepth: null,
  minSamplesLeaf: 1,
  bootstrap: true,
  seed: 0,
};

export interface RandomForestProgress {
  tree: number;
  trees: number;
  /** The out-of-bag score of the trees so far (null without bootstrap or before any row is out of bag). */
  oobScore: number | null;
  /** The forest so far on the train and validation parts (see `forest-curve.ts`). */
  record: EpochRecord;
}

export interface RandomForestOptions {
  /** Checked between trees; when aborted, the forest keeps the trees grown so far. */
  signal?: AbortSignal;
  onProgress?: (progress: RandomForestProgress) => void;
}

export interface RandomForestResult {
  ensemble: TreeEnsemble;
  /** Accuracy (classification) or R² (regression) of the out-of-bag answers; null without bootstrap. */
  oobScore: number | null;
  /** Train rows with at least one out-of-bag tree (the rows the score is over). */
  oobRows: number;
  /** Per design-matrix column, the total impurity decrease of the forest's splits on it. */
  featureGain: Float64Array;
  /** Trees grown (fewer than asked when cancelled). */
  treesGrown: number;
  cancelled: boolean;
  /** One record per tree grown: the forest of the first t trees on both parts. */
  curve: EpochRecord[];
}

/** How often, at most, the loop lets the event loop run (so a worker hears a cancel). */
const YIELD_EVERY_MS = 50;

/** The number of features tried per split for a design of `width` columns. */
export function featuresTried(choice: FeaturesPerSplit, width: number): number {
  if (choice === 'all') return width;
  if (choice === 'sqrt') return Math.max(1, Math.floor(Math.sqrt(width)));
  return Math.max(1, Math.min(width, Math.floor(choice * width)));
}

export async function trainRandomForest(
  data: TrainingData,
  settings: Partial<RandomForestSettings> = {},
  options: RandomForestOptions = {},
): Promise<RandomForestResult> {
  const s: RandomForestSettings = { ...RANDOM_FOREST_DEFAULTS, ...settings };
  checkSettings(s);
  const classes = checkData(data);
  const { signal, onProgress } = options;
  const classification = data.target.task === 'classification';
  const outputs = classification ? classes : 1;
  const x = data.train.x;
  const y = data.train.y;
  const n = x.rows;
  const binned = binMatrix(x, fitBinEdges(x, MAX_BINS));
  const cart = {
    maxDepth: s.maxDepth ?? Infinity,
    minSamplesLeaf: s.minSamplesLeaf,
    maxLeaves: Infinity,
    featuresPerSplit: featuresTried(s.featuresPerSplit ?? (classification ? 'sqrt' : 'all'), x.width),
  };
  const target = { classification, outputs, y };
  const random = createRandom(s.seed);
  const counts = new Float64Array(n);
  const oobSums = new Float64Array(s.bootstrap ? n * outputs : 0);
  const oobTrees = new Int32Array(s.bootstrap ? n : 0);
  // Each grown tree is kept only as its `TreeEnsemble` trees: the per-node extras of `CartTree`
  // (weights, impurity, every node's values) would double the forest's memory.
  const trees: TreeEnsemble['trees'] = [];
  const gain = new Float64Array(x.width);
  let treesGrown = 0;
  let cancelled = false;
  let oobScore: number | null = null;
  const curveOf = new ForestCurve(binned, data.train, data.validation, outputs, classification, classification ? 1 : targetScale(y).std);
  const curve: EpochRecord[] = [];
  const yielder = createYielder();
  let lastYield = now();
  try {
    for (let t = 0; t < s.trees; t++) {
      if (now() - lastYield >= YIELD_EVERY_MS) {
        await yielder.yield();
        lastYield = now();
      }
      if (signal?.aborted) {
        cancelled = true;
        break;
      }
      const stream = random.fork(t);
      let rows: Uint32Array;
      let weights: Float64Array | null = null;
      if (s.bootstrap) {
        counts.fill(0);
        const draw = stream.fork('bootstrap');
        for (let i = 0; i < n; i++) counts[draw.int(n)] += 1;
        let inBag = 0;
        for (let i = 0; i < n; i++) if (counts[i] > 0) inBag++;
        rows = new Uint32Array(inBag);
        for (let i = 0, k = 0; i < n; i++) if (counts[i] > 0) rows[k++] = i;
        weights = counts;
      } else {
        rows = Uint32Array.from({ length: n }, (_, i) => i);
      }
      const tree = growCart(binned, target, rows, weights, cart, stream.fork('features'));
      cartOutputTrees(tree, outputs).forEach((one, output) => trees.push({ tree: one, output }));
      for (let i = 0; i < tree.nodes; i++) if (tree.feature[i] >= 0) gain[tree.feature[i]] += tree.gain[i];
      treesGrown++;
      if (s.bootstrap) {
        for (let i = 0; i < n; i++) {
          if (counts[i] > 0) continue;
          const leaf = cartLeafOfBinned(tree, binned, i);
          for (let k = 0; k < outputs; k++) oobSums[i * outputs + k] += tree.values[leaf * outputs + k];
          oobTrees[i]++;
        }
        oobScore = outOfBagScore(oobSums, oobTrees, y, outputs, classification).score;
      }
      const record = curveOf.add(tree);
      curve.push(record);
      onProgress?.({ tree: t + 1, trees: s.trees, oobScore, record });
    }
  } finally {
    yielder.close();
  }
  if (treesGrown === 0) throw new ModelError('Training was cancelled before the first tree was grown.');
  const oob = s.bootstrap ? outOfBagScore(oobSums, oobTrees, y, outputs, classification) : { score: null, rows: 0 };
  return {
    ensemble: { trees, outputs, base: new Float32Array(outputs), aggregate: 'average', link: 'identity' },
    oobScore: oob.score,
    oobRows: oob.rows,
    featureGain: gain,
    treesGrown,
    cancelled,
    curve,
  };
}

/**
 * Accuracy (the class with the largest summed share; the first on a tie) or R² over the train
 * rows that some tree left out of its sample; null when there are none.
 */
export function outOfBagScore(
  sums: Float64Array,
  trees: Int32Array,
  y: Float32Array,
  outputs: number,
  classification: boolean,
): { score: number | null; rows: number } {
  let rows = 0;
  let right = 0;
  let mean = 0;
  for (let i = 0; i < trees.length; i++) {
    if (trees[i] === 0) continue;
    rows++;
    mean += y[i];
  }
  if (rows === 0) return { score: null, rows };
  mean /= rows;
  let residual = 0;
  let spread = 0;
  for (let i = 0; i < trees.length; i++) {
    if (trees[i] === 0) continue;
    if (classification) {
      let best = 0;
      for (let k = 1; k < outputs; k++) if (sums[i * outputs + k] > sums[i * outputs + best]) best = k;
      if (best === y[i]) right++;
    } else {
      const e = y[i] - sums[i] / trees[i];
      residual += e * e;
      spread += (y[i] - mean) ** 2;
    }
  }
  if (classification) return { score: right / rows, rows };
  return { score: spread > 0 ? 1 - residual / spread : null, rows };
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}

function checkSettings(s: RandomForestSettings): void {
  if (!(Number.isInteger(s.trees) && s.trees >= 1)) throw new ModelError(`Trees must be a whole number of at least 1, not ${s.trees}.`);
  const f = s.featuresPerSplit;
  if (f !== null && f !== 'sqrt' && f !== 'all' && !(typeof f === 'number' && f > 0 && f <= 1)) {
    throw new ModelError(`Features per split must be √, all, or a fraction above 0 and at most 1, not ${String(f)}.`);
  }
  checkTreeSettings(s);
  if (!Number.isInteger(s.seed)) throw new ModelError(`The seed must be a whole number, not ${s.seed}.`);
}
