/**
 * Shared by the tree-ensemble export tests: seeded random trees and design matrices built so that
 * every hard case of the split rule occurs (values exactly at a threshold, NaN sent either way),
 * and a one-node graph runner (design matrix in, the contract's outputs out).
 */
import * as ortNode from 'onnxruntime-node';
import type { Tree, TreeEnsemble, TreeLink } from '$src/core/model/trees/ensemble';
import type { TargetEncoding, Task, TreeModelKind } from '$src/core/model/types';
import { GraphBuilder } from '$src/core/package/onnx/builder';
import { emitTreeEnsemble } from '$src/core/package/onnx/trees';
import type { Random } from '$src/core/random';

/** Distinct float32 values each design column takes (besides NaN): thresholds are drawn from them. */
export function columnPools(random: Random, width: number, size = 12): Float32Array[] {
  return Array.from({ length: width }, () => Float32Array.from({ length: size }, () => random.normal(0, 3)).sort());
}

/** rows × width, every value from its column's pool, `missing` of them NaN. */
export function designMatrix(random: Random, pools: Float32Array[], rows: number, missing = 0.1): { rows: number; width: number; values: Float32Array } {
  const width = pools.length;
  const values = new Float32Array(rows * width);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < width; j++) values[r * width + j] = random.next() < missing ? NaN : pools[j][random.int(pools[j].length)];
  }
  return { rows, width, values };
}

/**
 * A random tree of depth `depth` at most (at least one split when depth ≥ 1): thresholds are
 * pool values (so rows land exactly on them), missing directions random, leaf values `leaf()`.
 * Nodes are stored in a shuffled order, not the order ONNX gets them, so the exporter's
 * renumbering is exercised.
 */
export function randomTree(random: Random, pools: Float32Array[], depth: number, leaf: () => number): Tree {
  type Node = { feature: number; threshold: number; missingLeft: number; left: number; right: number; value: number };
  const nodes: Node[] = [];
  const grow = (level: number): number => {
    const i = nodes.length;
    nodes.push({ feature: -1, threshold: 0, missingLeft: 0, left: -1, right: -1, value: 0 });
    const split = level < depth && (level === 0 || random.next() < 0.75);
    if (!split) {
      nodes[i].value = leaf();
      return i;
    }
    const feature = random.int(pools.length);
    nodes[i].feature = feature;
    nodes[i].threshold = pools[feature][random.int(pools[feature].length)];
    nodes[i].missingLeft = random.next() < 0.5 ? 1 : 0;
    nodes[i].left = grow(level + 1);
    nodes[i].right = grow(level + 1);
    return i;
  };
  grow(0);
  // Store the nodes in a random order (root kept at 0), children remapped.
  const order = random.shuffle(Array.from({ length: nodes.length - 1 }, (_, k) => k + 1));
  const at = new Int32Array(nodes.length);
  order.forEach((old, k) => (at[old] = k + 1));
  const n = nodes.length;
  const t: Tree = {
    feature: new Int32Array(n),
    threshold: new Float32Array(n),
    missingLeft: new Uint8Array(n),
    left: new Int32Array(n),
    right: new Int32Array(n),
    value: new Float32Array(n),
    samples: new Int32Array(n),
  };
  nodes.forEach((node, old) => {
    const i = at[old];
    t.feature[i] = node.feature;
    t.threshold[i] = node.threshold;
    t.missingLeft[i] = node.missingLeft;
    t.left[i] = node.left < 0 ? -1 : at[node.left];
    t.right[i] = node.right < 0 ? -1 : at[node.right];
    t.value[i] = node.value;
  });
  return t;
}

export interface EnsembleSpec {
  outputs: number;
  /** Trees per output. */
  perOutput: number;
  aggregate: 'sum' | 'average';
  link: TreeLink;
  /** Depths are drawn from 1 … maxDepth. */
  maxDepth: number;
  leafScale: number;
}

/** A random ensemble: `perOutput` trees for each output, interleaved as boosting stores them. */
export function randomEnsemble(random: Random, pools: Float32Array[], spec: EnsembleSpec): TreeEnsemble {
  const trees: TreeEnsemble['trees'] = [];
  const leaf = () => random.normal(0, spec.leafScale);
  for (let t = 0; t < spec.perOutput; t++) {
    for (let k = 0; k < spec.outputs; k++) trees.push({ tree: randomTree(random, pools, 1 + random.int(spec.maxDepth), leaf), output: k });
  }
  const base = Float32Array.from({ length: spec.outputs }, () => random.normal(0, 1));
  return { trees, outputs: spec.outputs, base, aggregate: spec.aggregate, link: spec.link };
}

export function classTarget(classes: string[]): TargetEncoding {
  return { task: 'classification', column: 'y', classes };
}
export const REGRESSION_TARGET: TargetEncoding = { task: 'regression', column: 'y', classes: [] };

/** A graph of the ensemble alone: input `design` [N, width] float32 → the contract's outputs. */
export function ensembleGraph(ensemble: TreeEnsemble, width: number, task: Task, target: TargetEncoding): Uint8Array {
  const g = new GraphBuilder({ name: 'trees', producerName: 'tests' });
  const design = g.addInput('design', 'float32', ['N', width]);
  emitTreeEnsemble(g, { name: design, width }, ensemble, task, target);
  return g.build();
}

type Ort = typeof ortNode;

/** Runs a graph made by `ensembleGraph` on a design matrix; returns each output's data. */
export async function runDesign(ort: Ort, bytes: Uint8Array, x: { rows: number; width: number; values: Float32Array }): Promise<Record<string, Float32Array | BigInt64Array | string[]>> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const out = await session.run({ design: new ort.Tensor('float32', x.values, [x.rows, x.width]) });
    return Object.fromEntries(Object.entries(out).map(([name, t]) => [name, t.data as Float32Array | BigInt64Array | string[]]));
  } finally {
    await session.release();
  }
}

/** The largest absolute difference between two equally long arrays. */
export function maxDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

/** The first most probable class of each row (as the graph's ArgMax takes it). */
export function firstArgMax(p: Float32Array, columns: number): number[] {
  const rows = p.length / columns;
  return Array.from({ length: rows }, (_, r) => {
    let best = 0;
    for (let k = 1; k < columns; k++) if (p[r * columns + k] > p[r * columns + best]) best = k;
    return best;
  });
}

/** A tree model exported on a fixture frame: its kind, task, target column and random ensemble. */
export interface ExportCase {
  title: string;
  kind: TreeModelKind;
  task: Task;
  target: string;
  spec: Omit<EnsembleSpec, 'outputs'>;
}

/**
 * Each design column's distinct present train values (missing ones left out): thresholds drawn
 * from them put rows exactly on a split, where float32 rounding would show.
 */
export function designPools(x: { rows: number; width: number; values: Float32Array }): Float32Array[] {
  return Array.from({ length: x.width }, (_, j) => {
    const seen = new Set<number>();
    for (let r = 0; r < x.rows; r++) {
      const v = x.values[r * x.width + j];
      if (v === v) seen.add(v);
    }
    return Float32Array.from([...seen]).sort();
  });
}
