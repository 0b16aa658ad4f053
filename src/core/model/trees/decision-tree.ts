/**
 * One CART decision tree, for teaching: classification by Gini impurity, regression by squared
 * error, on the binned design matrix (`binning.ts`, the same 255 train-quantile bins as
 * boosting, so its thresholds are float32 and export exactly), grown by `cart.ts` with every
 * feature tried at every split. Nothing is random: the same data and settings give the same tree.
 *
 * Defaults are scikit-learn's DecisionTree: no depth limit, 1 row per leaf, no leaf limit, which
 * overfits on purpose; the depth control shows it on the train and validation scores.
 *
 * The model is a `TreeEnsemble` (one tree per output: K classes give K trees sharing structure,
 * class shares as leaf values, averaged — a single tree averages itself — with the identity
 * link); what a diagram needs beyond `Tree` (every node's shares or mean, impurity, depth) is in
 * `nodes`.
 */
import { ModelError } from '../errors';
import type { TrainingData } from '../types';
import { binMatrix, fitBinEdges, MAX_BINS } from './binning';
import { cartOutputTrees, growCart, type CartTree } from './cart';
import type { TreeEnsemble } from './ensemble';
import { checkData } from './gradient-boosting';
import { createRandom } from '../../random';

export interface DecisionTreeSettings {
  /** Edges from the root to the deepest leaf; null for no limit. */
  maxDepth: number | null;
  minSamplesLeaf: number;
  /** null for no limit; with a limit the tree grows best-first. */
  maxLeaves: number | null;
}

export const DECISION_TREE_DEFAULTS: Readonly<DecisionTreeSettings> = { maxDepth: null, minSamplesLeaf: 1, maxLeaves: null };

/** Per node of the tree, what a diagram shows besides the `Tree` arrays (samples, rules). */
export interface DecisionTreeNodes {
  /** The node's class shares (classification) or mean target (regression), outputs per node. */
  values: Float64Array;
  outputs: number;
  /** Gini impurity or the target's variance among the node's rows. */
  impurity: Float64Array;
  /** The impurity decrease of the node's split, weighted by rows (0 at a leaf). */
  gain: Float64Array;
  depth: Int32Array;
  /** Distinct train rows that reached each node. */
  samples: Int32Array;
}

export interface DecisionTreeResult {
  ensemble: TreeEnsemble;
  nodes: DecisionTreeNodes;
  /** Per design-matrix column, the total impurity decrease of the splits on it. */
  featureGain: Float64Array;
  /** Edges from the root to the deepest leaf, and the number of leaves. */
  depth: number;
  leaves: number;
}

export function trainDecisionTree(data: TrainingData, settings: Partial<DecisionTreeSettings> = {}): DecisionTreeResult {
  const s: DecisionTreeSettings = { ...DECISION_TREE_DEFAULTS, ...settings };
  checkTreeSettings(s);
  const classes = checkData(data);
  const classification = data.target.task === 'classification';
  const outputs = classification ? classes : 1;
  const x = data.train.x;
  const binned = binMatrix(x, fitBinEdges(x, MAX_BINS));
  const rows = Uint32Array.from({ length: x.rows }, (_, i) => i);
  const grown = growCart(
    binned,
    { classification, outputs, y: data.train.y },
    rows,
    null,
    { maxDepth: s.maxDepth ?? Infinity, minSamplesLeaf: s.minSamplesLeaf, maxLeaves: s.maxLeaves ?? Infinity, featuresPerSplit: x.width },
    // Every feature is tried at every split, so nothing is drawn from it.
    createRandom(0),
  );
  return {
    ensemble: cartEnsemble([grown], outputs),
    nodes: { values: grown.values, outputs, impurity: grown.impurity, gain: grown.gain, depth: grown.depth, samples: grown.samples },
    featureGain: featureGain([grown], x.width),
    depth: grown.depth.reduce((a, b) => Math.max(a, b), 0),
    leaves: (grown.nodes + 1) / 2,
  };
}

/** Trees averaged per output, identity link: class shares or means, as a forest answers. */
export function cartEnsemble(grown: CartTree[], outputs: number): TreeEnsemble {
  const trees: TreeEnsemble['trees'] = [];
  for (const t of grown) cartOutputTrees(t, outputs).forEach((tree, output) => trees.push({ tree, output }));
  return { trees, outputs, base: new Float32Array(outputs), aggregate: 'average', link: 'identity' };
}

/** Per design column, the summed impurity decrease of the trees' splits on it. */
export function featureGain(grown: CartTree[], width: number): Float64Array {
  const out = new Float64Array(width);
  for (const t of grown) for (let i = 0; i < t.nodes; i++) if (t.feature[i] >= 0) out[t.feature[i]] += t.gain[i];
  return out;
}

/** The nodes a row passes from the root to its leaf (for drawing its path); `row(j)` reads column j. */
export function pathOf(tree: TreeEnsemble['trees'][number]['tree'], row: (column: number) => number): number[] {
  const path = [0];
  let node = 0;
  while (tree.feature[node] >= 0) {
    const value = row(tree.feature[node]);
    const goLeft = value !== value ? tree.missingLeft[node] === 1 : value <= tree.threshold[node];
    node = goLeft ? tree.left[node] : tree.right[node];
    path.push(node);
  }
  return path;
}

/** Depth, leaf and per-leaf limits shared by the decision tree and the forest. */
export function checkTreeSettings(s: { maxDepth: number | null; minSamplesLeaf: number; maxLeaves?: number | null }): void {
  const integer = (v: number, min: number) => Number.isInteger(v) && v >= min;
  if (s.maxDepth !== null && !integer(s.maxDepth, 1)) {
    throw new ModelError(`Max depth must be a whole number of at least 1 (or no limit), not ${s.maxDepth}.`);
  }
  if (!integer(s.minSamplesLeaf, 1)) {
    throw new ModelError(`Min samples per leaf must be a whole number of at least 1, not ${s.minSamplesLeaf}.`);
  }
  if (s.maxLeaves != null && !integer(s.maxLeaves, 2)) {
    throw new ModelError(`Max leaves must be a whole number of at least 2 (or no limit), not ${s.maxLeaves}.`);
  }
}
