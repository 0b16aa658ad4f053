/**
 * The tree-ensemble model subgraph: design matrix → the contract's outputs, mirroring
 * `predictEnsemble` (core/model/trees/ensemble.ts). It takes the place of the dense layers of
 * `model.ts` and ends in the same outputs (`emitOutputs`), so a tree model's file has the same
 * inputs, outputs and metadata as every other model's.
 *
 *   design [N, width] float32
 *     ─ ai.onnx.ml TreeEnsembleRegressor (n_targets = outputs, SUM or AVERAGE, base_values,
 *       BRANCH_LEQ, missing values as each node learned, post_transform NONE) ─▶ [N, outputs] float32
 *     ─ Cast(double) ─ the link:
 *         sigmoid  ─ Sigmoid ─ Concat(1 − p, p)      (binary boosting: one margin)
 *         softmax  ─ Softmax(axis 1)                 (multiclass boosting)
 *         identity ─ nothing                         (regression; a forest's averaged shares)
 *     ─ emitOutputs: probabilities (+ label via ArgMax and Gather) or prediction, float32
 *
 * Why a regressor even for classification: the binary TreeEnsembleClassifier does not give
 * 1 − p as its class-0 column in some settings, and the classifier's ZipMap-shaped habits are not
 * the contract's. The regressor gives the raw margins, and the link runs as plain ONNX ops in
 * double, as the studio's forward pass computes it; no ZipMap is ever written.
 *
 * How onnxruntime adds the leaves, and what that means for parity. For float32 input, ORT's
 * kernel keeps each row's score per target in a float32 accumulator: the leaf weights are added
 * to it in float32, then divided by the tree count (AVERAGE) and base_values added, still in
 * float32 (trees.test.ts shows it: 100 leaves of 0.75·2^-24 added to 1 leave 1). With many trees
 * and rows ORT also splits the trees over threads and adds the partial sums, so the order of the
 * additions is not the tree order. `predictEnsemble` sums in float64 and rounds once. The splits
 * agree exactly (float32 thresholds compared with the float32 design values by the same `<=`, NaN
 * sent the learned way), so each row reaches the same leaves; only the summation differs, by
 * about (number of trees) × 2^-24 × (the largest partial sum) at worst — for 300 trees summing to
 * margins of size ~10 that is ≤ 2e-4 in the margin in theory, and in practice a random walk of
 * roundings, far smaller; after a sigmoid or softmax (slope ≤ 1/4) the probabilities move less
 * still. The parity tests measure it: max difference ≤ 1e-5 and every label equal. A regression
 * target of large magnitude (prices ~1e5) has float32 resolution of ~0.01 on its own, so there
 * the difference is relative, as it is for every model's float32 output.
 *
 * AVERAGE: ORT divides every target's sum by the number of trees in the node, not by the trees
 * of that target. `predictEnsemble` averages per output over that output's trees. The two agree
 * when every tree feeds one output (a regression forest, a single tree); otherwise the node sums
 * and the division by each output's tree count follows it as a Div, then the base as an Add.
 */
import type { Tree, TreeEnsemble } from '../../model/trees/ensemble';
import type { TargetEncoding, Task } from '../../model/types';
import { DATA_TYPE, attr } from './builder';
import type { Attribute, GraphBuilder } from './builder';
import { ExportError } from './errors';
import { checkTaskOutputs, emitOutputs } from './model';
import type { OutputInfo } from './model';
import type { DesignValue } from './preprocess';

export { isEnsembleParameters, type EnsembleParameters, type TreeModelKind } from '../../model/types';

/** The ai.onnx.ml TreeEnsembleRegressor attributes of an ensemble's trees, in ORT's layout. */
export interface RegressorNodes {
  nodes_treeids: number[];
  nodes_nodeids: number[];
  nodes_featureids: number[];
  nodes_modes: string[];
  nodes_values: number[];
  nodes_truenodeids: number[];
  nodes_falsenodeids: number[];
  nodes_missing_value_tracks_true: number[];
  target_treeids: number[];
  target_nodeids: number[];
  target_ids: number[];
  target_weights: number[];
}

function treeWords(t: number, count: number): string {
  return `Tree ${t + 1} of ${count}`;
}

/**
 * The nodes a tree reaches from its root, in depth-first order (root first), checked: children
 * inside the tree, no node reached twice (no cycle, no shared subtree), features inside the design
 * matrix, thresholds and leaf values that are numbers. Nodes the root never reaches are left out.
 */
function reachable(tree: Tree, width: number, which: string): number[] {
  const n = tree.feature.length;
  for (const [name, a] of Object.entries({ threshold: tree.threshold, missingLeft: tree.missingLeft, left: tree.left, right: tree.right, value: tree.value })) {
    if (a.length !== n) throw new ExportError(`${which} has ${n} nodes but ${a.length} entries in its ${name} list; the model is damaged. Train it again.`);
  }
  if (n === 0) throw new ExportError(`${which} has no nodes; the model is damaged. Train it again.`);
  const order: number[] = [];
  const seen = new Uint8Array(n);
  const stack = [0];
  while (stack.length > 0) {
    const node = stack.pop() as number;
    if (!Number.isInteger(node) || node < 0 || node >= n) throw new ExportError(`${which} points to node ${node}, which it does not have; the model is damaged. Train it again.`);
    if (seen[node] === 1) throw new ExportError(`${which} reaches node ${node} twice, so it is not a tree; the model is damaged. Train it again.`);
    seen[node] = 1;
    order.push(node);
    const f = tree.feature[node];
    if (f < 0) {
      if (!Number.isFinite(tree.value[node])) throw new ExportError(`${which} has a leaf value that is ${String(tree.value[node])}: the training went wrong, so the model cannot be exported. Train it again.`);
      continue;
    }
    if (f >= width) throw new ExportError(`${which} splits on design column ${f + 1}, but the preprocessing gives ${width} columns: they do not belong together.`);
    if (Number.isNaN(tree.threshold[node])) throw new ExportError(`${which} has a split whose threshold is not a number; the model is damaged. Train it again.`);
    // Right pushed first so the left subtree is numbered first (the order a reader expects).
    stack.push(tree.right[node], tree.left[node]);
  }
  return order;
}

/**
 * The trees as TreeEnsembleRegressor attributes: one ONNX tree per tree (tree id = its index),
 * nodes renumbered 0… in depth-first order, each split BRANCH_LEQ (go to the true branch, the
 * left child, when x <= threshold) with `nodes_missing_value_tracks_true` = the learned missing
 * direction (1: NaN goes left), each leaf one weight on its tree's output. Thresholds and weights
 * are float32 already, so the `floats` attributes store them exactly.
 */
export function regressorNodes(ensemble: TreeEnsemble, width: number): RegressorNodes {
  const a: RegressorNodes = {
    nodes_treeids: [],
    nodes_nodeids: [],
    nodes_featureids: [],
    nodes_modes: [],
    nodes_values: [],
    nodes_truenodeids: [],
    nodes_falsenodeids: [],
    nodes_missing_value_tracks_true: [],
    target_treeids: [],
    target_nodeids: [],
    target_ids: [],
    target_weights: [],
  };
  const count = ensemble.trees.length;
  ensemble.trees.forEach(({ tree, output }, t) => {
    const which = treeWords(t, count);
    if (!Number.isInteger(output) || output < 0 || output >= ensemble.outputs) {
      throw new ExportError(`${which} adds to output ${output}, but the model has ${ensemble.outputs} output(s); the model is damaged. Train it again.`);
    }
    const order = reachable(tree, width, which);
    const id = new Map<number, number>(order.map((node, k) => [node, k]));
    for (const node of order) {
      const k = id.get(node) as number;
      const leaf = tree.feature[node] < 0;
      a.nodes_treeids.push(t);
      a.nodes_nodeids.push(k);
      a.nodes_featureids.push(leaf ? 0 : tree.feature[node]);
      a.nodes_modes.push(leaf ? 'LEAF' : 'BRANCH_LEQ');
      a.nodes_values.push(leaf ? 0 : tree.threshold[node]);
      a.nodes_truenodeids.push(leaf ? 0 : (id.get(tree.left[node]) as number));
      a.nodes_falsenodeids.push(leaf ? 0 : (id.get(tree.right[node]) as number));
      a.nodes_missing_value_tracks_true.push(leaf ? 0 : tree.missingLeft[node] === 1 ? 1 : 0);
      if (leaf) {
        a.target_treeids.push(t);
        a.target_nodeids.push(k);
        a.target_ids.push(output);
        a.target_weights.push(tree.value[node]);
      }
    }
  });
  return a;
}

/** What the link turns the outputs into, checked against the task and the target's classes. */
function checkEnsemble(ensemble: TreeEnsemble, task: Task, target: TargetEncoding): void {
  const { outputs, link, base, aggregate } = ensemble;
  if (!Number.isInteger(outputs) || outputs < 1) throw new ExportError(`The tree model has ${String(outputs)} outputs; the model is damaged. Train it again.`);
  if (aggregate !== 'sum' && aggregate !== 'average') throw new ExportError(`The tree model combines its trees by ${String(aggregate)}, which the exporter does not know.`);
  if (base.length !== outputs) throw new ExportError(`The tree model has ${base.length} base value(s) for ${outputs} output(s); the model is damaged. Train it again.`);
  for (const b of base) if (!Number.isFinite(b)) throw new ExportError(`The tree model's base value is ${String(b)}: the training went wrong, so the model cannot be exported. Train it again.`);
  if (link === 'sigmoid') {
    if (task !== 'classification' || outputs !== 1) throw new ExportError('A sigmoid tree model answers a two-class question with one margin; this one is stored otherwise.');
    checkTaskOutputs(task, target, 2);
  } else if (link === 'softmax') {
    if (task !== 'classification') throw new ExportError('A softmax tree model answers a classification question; this one is stored as a regression model.');
    checkTaskOutputs(task, target, outputs);
  } else if (link === 'identity') {
    checkTaskOutputs(task, target, outputs);
  } else {
    throw new ExportError(`The tree model's link ${String(link)} is not one the exporter knows.`);
  }
}

/**
 * Adds the tree-ensemble model after `design` and declares the graph's outputs (as `emitModel`
 * does for the dense models); returns them. Throws ExportError when the ensemble does not fit
 * the task, the target's classes or the preprocessing's width.
 */
export function emitTreeEnsemble(g: GraphBuilder, design: DesignValue, ensemble: TreeEnsemble, task: Task, target: TargetEncoding): OutputInfo[] {
  checkEnsemble(ensemble, task, target);
  const { outputs, base } = ensemble;
  const trees = ensemble.trees.length > 0 ? ensemble : withZeroTree(ensemble);
  const nodes = regressorNodes(trees, design.width);

  const counts = new Float64Array(outputs);
  for (const { output } of trees.trees) counts[output] += 1;
  const fed = counts.filter((c) => c > 0).length;
  // ORT's AVERAGE divides by all the node's trees: right only when every tree feeds one output.
  const inNode = ensemble.aggregate === 'sum' || fed <= 1;
  const regressor: Record<string, Attribute> = {
    n_targets: attr.int(outputs),
    aggregate_function: attr.string(ensemble.aggregate === 'sum' || !inNode ? 'SUM' : 'AVERAGE'),
    post_transform: attr.string('NONE'),
    nodes_treeids: attr.ints(nodes.nodes_treeids),
    nodes_nodeids: attr.ints(nodes.nodes_nodeids),
    nodes_featureids: attr.ints(nodes.nodes_featureids),
    nodes_modes: attr.strings(nodes.nodes_modes),
    nodes_values: attr.floats(nodes.nodes_values),
    nodes_truenodeids: attr.ints(nodes.nodes_truenodeids),
    nodes_falsenodeids: attr.ints(nodes.nodes_falsenodeids),
    nodes_missing_value_tracks_true: attr.ints(nodes.nodes_missing_value_tracks_true),
    target_treeids: attr.ints(nodes.target_treeids),
    target_nodeids: attr.ints(nodes.target_nodeids),
    target_ids: attr.ints(nodes.target_ids),
    target_weights: attr.floats(nodes.target_weights),
  };
  if (inNode) regressor.base_values = attr.floats(Array.from(base));
  const [scores] = g.addNode('TreeEnsembleRegressor', [design.name], ['trees:scores'], regressor, {
    domain: 'ai.onnx.ml',
    name: 'trees',
    docString: `${ensemble.trees.length} tree(s), ${ensemble.aggregate === 'sum' ? 'summed' : 'averaged'} into ${outputs} output(s)`,
  });
  // The ML op's schema infers no output shape; the checker's strict inference needs one.
  g.addValueInfo(scores, 'float32', ['N', outputs]);

  let h = g.addNode('Cast', [scores], ['trees:double'], { to: attr.int(DATA_TYPE.float64) })[0];
  if (!inNode) {
    const divisors = Float64Array.from(counts, (c) => (c > 0 ? c : 1));
    h = g.addNode('Div', [h, g.addInitializer('trees:counts', divisors, [outputs])], ['trees:average'])[0];
    h = g.addNode('Add', [h, g.addInitializer('trees:base', Float64Array.from(base), [outputs])], ['trees:margin'])[0];
  }

  if (ensemble.link === 'sigmoid') {
    const [p] = g.addNode('Sigmoid', [h], ['p']);
    const [q] = g.addNode('Sub', [g.addInitializer('one', Float64Array.of(1), [1]), p], ['one_minus_p']);
    const [pair] = g.addNode('Concat', [q, p], ['sigmoid_pair'], { axis: attr.int(1) });
    return emitOutputs(g, pair, task, target);
  }
  if (ensemble.link === 'softmax') {
    const [soft] = g.addNode('Softmax', [h], ['softmax'], { axis: attr.int(1) });
    return emitOutputs(g, soft, task, target);
  }
  return emitOutputs(g, h, task, target);
}

/**
 * An ensemble without trees (boosting stopped before its first tree) answers its base values:
 * one single-leaf tree of weight 0 says so, since the ONNX node needs at least one tree. Summed
 * or averaged, it adds 0.
 */
function withZeroTree(ensemble: TreeEnsemble): TreeEnsemble {
  const leaf: Tree = {
    feature: Int32Array.of(-1),
    threshold: Float32Array.of(0),
    missingLeft: Uint8Array.of(0),
    left: Int32Array.of(-1),
    right: Int32Array.of(-1),
    value: Float32Array.of(0),
    samples: Int32Array.of(0),
  };
  return { ...ensemble, trees: [{ tree: leaf, output: 0 }] };
}
