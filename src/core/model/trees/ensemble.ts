/**
 * A trained tree ensemble as plain data: what the learners (gradient boosting, random forest, a
 * single decision tree) produce, what the studio predicts with, and what the ONNX exporter writes
 * as one ai.onnx.ml TreeEnsembleRegressor node followed by the link function. One shape for all
 * three, so Evaluate, Package and Serve need no case per learner.
 *
 * A split sends a row left when its value is `<=` the threshold, the rule ONNX calls BRANCH_LEQ.
 * Thresholds are float32 (the design matrix's precision), so the exported graph decides every
 * split exactly as the studio does. A missing value (NaN) goes the way its node learned.
 */

/** One binary tree in flat arrays; node 0 is the root. Node i is a leaf when `feature[i] < 0`. */
export interface Tree {
  /** The design-matrix column a node splits on; -1 for a leaf. */
  feature: Int32Array;
  /** Go left when the value is <= this (float32); unused at a leaf. */
  threshold: Float32Array;
  /** 1 when a missing value goes left at this node, 0 when it goes right. */
  missingLeft: Uint8Array;
  /** Child nodes; -1 at a leaf. */
  left: Int32Array;
  right: Int32Array;
  /** A leaf's contribution to its output column (float32, as ONNX stores it); 0 elsewhere. */
  value: Float32Array;
  /** Training rows that reached each node (for the tree diagram and importance). */
  samples: Int32Array;
}

/** How the summed (or averaged) outputs become what the model answers. */
export type TreeLink =
  /** Regression, or class probabilities averaged by a forest: the outputs as they are. */
  | 'identity'
  /** Binary boosting: one margin, p(class 1) = 1 / (1 + e^-margin). */
  | 'sigmoid'
  /** Multiclass boosting: one margin per class, probabilities by softmax. */
  | 'softmax';

export interface TreeEnsemble {
  /** Each tree adds its leaf value to output column `output`. */
  trees: { tree: Tree; output: number }[];
  /** Output columns: 1 for regression and binary boosting, one per class otherwise. */
  outputs: number;
  /** Added once to each output before the link (boosting's initial prediction), float32. */
  base: Float32Array;
  /** Boosting sums its trees; a forest averages them (per output, over the trees of that output). */
  aggregate: 'sum' | 'average';
  link: TreeLink;
}

/** The leaf a row reaches in `tree`; `row(j)` reads the row's value in design-matrix column j. */
export function leafOf(tree: Tree, row: (column: number) => number): number {
  let node = 0;
  while (tree.feature[node] >= 0) {
    const value = row(tree.feature[node]);
    const goLeft = value !== value ? tree.missingLeft[node] === 1 : value <= tree.threshold[node];
    node = goLeft ? tree.left[node] : tree.right[node];
  }
  return node;
}

/**
 * The ensemble's answers for every row of a design matrix (rows × width, row-major, NaN for a
 * missing value), laid out as the studio's other models answer: for classification one
 * probability per class (two columns for a binary task, [1 − p, p]), for regression one value.
 * Leaf values are summed in float64 in tree order and the answer is rounded to float32 once.
 */
export function predictEnsemble(ensemble: TreeEnsemble, x: { rows: number; width: number; values: Float32Array }): Float32Array {
  const { outputs, link } = ensemble;
  const columns = link === 'sigmoid' ? 2 : outputs;
  const out = new Float32Array(x.rows * columns);
  const counts = new Float64Array(outputs);
  for (const { output } of ensemble.trees) counts[output] += 1;
  const sums = new Float64Array(outputs);
  for (let r = 0; r < x.rows; r++) {
    const offset = r * x.width;
    const row = (column: number) => x.values[offset + column];
    sums.fill(0);
    for (const { tree, output } of ensemble.trees) sums[output] += tree.value[leafOf(tree, row)];
    for (let k = 0; k < outputs; k++) {
      if (ensemble.aggregate === 'average' && counts[k] > 0) sums[k] /= counts[k];
      sums[k] += ensemble.base[k];
    }
    const at = r * columns;
    if (link === 'sigmoid') {
      const p = 1 / (1 + Math.exp(-sums[0]));
      out[at] = 1 - p;
      out[at + 1] = p;
    } else if (link === 'softmax') {
      let max = -Infinity;
      for (let k = 0; k < outputs; k++) max = Math.max(max, sums[k]);
      let total = 0;
      for (let k = 0; k < outputs; k++) total += (sums[k] = Math.exp(sums[k] - max));
      for (let k = 0; k < outputs; k++) out[at + k] = sums[k] / total;
    } else {
      for (let k = 0; k < outputs; k++) out[at + k] = sums[k];
    }
  }
  return out;
}
