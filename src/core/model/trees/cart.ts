/**
 * One CART tree on the binned matrix (`binning.ts`), the engine of the decision tree and the
 * random forest: classification by Gini impurity, regression by squared error, rows weighted
 * (a bootstrap sample is the train rows with their draw counts as weights), a random subset of
 * the features tried at each split (the forest's `max_features`), a learned direction for
 * missing values.
 *
 * Both criteria have one form. With per-output weighted sums S_k (class weights, or w·y) and
 * the weight W of a node, W × impurity = Σ w·t² − Σ_k S_k² / W (Gini: t one-hot, so Σ w·t² = W),
 * and a split into L and R decreases it by
 *   Σ_k S_Lk² / W_L + Σ_k S_Rk² / W_R − Σ_k S_k² / W,
 * so one scan of per-bin sums scores every split of a feature.
 *
 * Per node and tried feature, the rows' bins are gathered into a 256-bin accumulator and only
 * the bins that occur are visited (sorted), so a deep node of a few rows costs its rows, not
 * 256 bins. Histogram subtraction (as in `histogram.ts`) does not pay here: a forest tries a
 * different random subset of features at every node. A split's threshold is the middle bin
 * between the two occupied bins it separates, as exact CART puts it midway between values.
 *
 * Without a leaf limit the tree grows depth-first (few open nodes at a time); with `maxLeaves`
 * best-first, as scikit-learn does with max_leaf_nodes.
 */
import type { Random } from '../../random';
import type { Tree } from './ensemble';
import { MISSING_BIN, binThreshold, type BinnedMatrix } from './binning';

export interface CartSettings {
  /** Edges from the root to the deepest leaf; Infinity for no limit. */
  maxDepth: number;
  /** Rows (not weights) each child must hold. */
  minSamplesLeaf: number;
  /** Infinity for no limit. */
  maxLeaves: number;
  /** Features (non-constant in the node) tried per split; the design width to try all. */
  featuresPerSplit: number;
}

/** What is learned from: classes 0 … K − 1, or a regression target (outputs = 1). */
export interface CartTarget {
  classification: boolean;
  /** K classes, or 1 for regression. */
  outputs: number;
  y: Float32Array;
}

/** A grown tree: structure, and per node what a diagram or an out-of-bag pass needs. */
export interface CartTree {
  nodes: number;
  feature: Int32Array;
  threshold: Float32Array;
  missingLeft: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  /** Distinct training rows that reached each node. */
  samples: Int32Array;
  /** Per node, the weight of its rows (their bootstrap counts; = samples without bootstrap). */
  weight: Float64Array;
  /** nodes × outputs: each node's class shares, or its mean target. */
  values: Float64Array;
  /** Per node, Gini impurity or the target's variance. */
  impurity: Float64Array;
  /** Per node, the weighted impurity decrease of its split (0 at a leaf). */
  gain: Float64Array;
  /** Per node, its rule's bin ("bin <= splitBin"), for walking binned rows. */
  splitBin: Uint8Array;
  depth: Int32Array;
}

interface Split {
  gain: number;
  feature: number;
  bin: number;
  missingLeft: boolean;
}

/**
 * Grows one tree on the rows `rows[0 … length)` of `binned` (partitioned in place), each with
 * weight `weights[row]` (null: 1). `random` draws the features tried per split; it is not used
 * when every feature is tried.
 */
export function growCart(
  binned: BinnedMatrix,
  target: CartTarget,
  rows: Uint32Array,
  weights: Float64Array | null,
  settings: CartSettings,
  random: Random,
): CartTree {
  const { width, bins, edges } = binned;
  const { classification, outputs: T, y } = target;
  const { maxDepth, minSamplesLeaf, maxLeaves } = settings;
  const tried = Math.min(width, settings.featuresPerSplit);
  const total = rows.length;
  const capacity = 2 * maxLeafCount(total, settings) - 1;
  const t: CartTree = {
    nodes: 0,
    feature: new Int32Array(capacity).fill(-1),
    threshold: new Float32Array(capacity),
    missingLeft: new Uint8Array(capacity),
    left: new Int32Array(capacity).fill(-1),
    right: new Int32Array(capacity).fill(-1),
    samples: new Int32Array(capacity),
    weight: new Float64Array(capacity),
    values: new Float64Array(capacity * T),
    impurity: new Float64Array(capacity),
    gain: new Float64Array(capacity),
    splitBin: new Uint8Array(capacity),
    depth: new Int32Array(capacity),
  };
  const start = new Int32Array(capacity);
  const end = new Int32Array(capacity);
  const splits: (Split | null)[] = [];
  const stride = T + 2;
  const acc = new Float64Array(256 * stride);
  const used = new Int32Array(256);
  const sums = new Float64Array(T);
  const left = new Float64Array(T);
  const withMissing = new Float64Array(T);
  const order = Int32Array.from({ length: width }, (_, j) => j);
  const spare = new Uint32Array(total);
  const rowWeight = weights ?? new Float64Array(binned.rows).fill(1);

  /** Fills a node's totals, values and impurity from its rows and finds its split. */
  const open = (node: number, from: number, to: number, depth: number): void => {
    sums.fill(0);
    let w = 0;
    let squares = 0;
    for (let i = from; i < to; i++) {
      const r = rows[i];
      const wr = rowWeight[r];
      w += wr;
      if (classification) sums[y[r]] += wr;
      else {
        sums[0] += wr * y[r];
        squares += wr * y[r] * y[r];
      }
    }
    if (classification) squares = w;
    let explained = 0;
    for (let k = 0; k < T; k++) {
      t.values[node * T + k] = sums[k] / w;
      explained += (sums[k] * sums[k]) / w;
    }
    t.weight[node] = w;
    t.samples[node] = to - from;
    t.depth[node] = depth;
    start[node] = from;
    end[node] = to;
    const impurity = Math.max(0, (squares - explained) / w);
    t.impurity[node] = impurity;
    const splittable = depth < maxDepth && to - from >= 2 * minSamplesLeaf && impurity > 1e-12 * Math.max(1, squares / w);
    splits[node] = splittable ? bestSplit(from, to, w, explained) : null;
  };

  const bestSplit = (from: number, to: number, W: number, explained: number): Split | null => {
    let best: Split | null = null;
    // Gains within rounding of zero are not splits (a pure or inseparable node).
    let bestGain = 1e-12 * Math.max(1, explained);
    let visited = 0;
    for (let f = 0; f < width && visited < tried; f++) {
      if (tried < width) {
        const pick = f + random.int(width - f);
        const swap = order[f];
        order[f] = order[pick];
        order[pick] = swap;
      }
      const j = order[f];
      let count = 0;
      // One loop per criterion, so the hot loop has no branch on it.
      if (classification) {
        for (let i = from; i < to; i++) {
          const r = rows[i];
          const b = bins[r * width + j];
          const at = b * stride;
          if (acc[at + T + 1] === 0) used[count++] = b;
          const wr = rowWeight[r];
          acc[at + y[r]] += wr;
          acc[at + T] += wr;
          acc[at + T + 1] += 1;
        }
      } else {
        for (let i = from; i < to; i++) {
          const r = rows[i];
          const b = bins[r * width + j];
          const at = b * 3; // stride 3: the sum of w·y, the weight, the count
          if (acc[at + 2] === 0) used[count++] = b;
          const wr = rowWeight[r];
          acc[at] += wr * y[r];
          acc[at + 1] += wr;
          acc[at + 2] += 1;
        }
      }
      if (count > 1) {
        visited++;
        if (count <= 32) sortSmall(used, count);
        else {
          // Many bins: reading the counts in bin order is cheaper than sorting.
          count = 0;
          for (let b = 0; b < 256; b++) if (acc[b * stride + T + 1] !== 0) used[count++] = b;
        }
        const split = scanFeature(j, count, W, to - from, explained, bestGain);
        if (split) {
          best = split;
          bestGain = split.gain;
        }
      }
      for (let u = 0; u < count; u++) {
        const at = used[u] * stride;
        for (let k = 0; k < stride; k++) acc[at + k] = 0;
      }
    }
    return best;
  };

  /** The gain of sending the left sums (plus the missing ones when `extra`) left, or -Infinity past the limits. */
  const score = (extra: boolean, wL: number, nL: number, W: number, N: number, explained: number): number => {
    const wR = W - wL;
    const nR = N - nL;
    if (nL < minSamplesLeaf || nR < minSamplesLeaf || wL <= 0 || wR <= 0) return -Infinity;
    let s = 0;
    for (let k = 0; k < T; k++) {
      const l = left[k] + (extra ? withMissing[k] : 0);
      const r = sums[k] - l;
      s += (l * l) / wL + (r * r) / wR;
    }
    return s - explained;
  };

  /** The best split of feature j better than `floor`, from its `count` occupied bins (`used`, increasing). */
  const scanFeature = (j: number, count: number, W: number, N: number, explained: number, floor: number): Split | null => {
    const occupied = used;
    const hasMissing = occupied[count - 1] === MISSING_BIN;
    const present = hasMissing ? count - 1 : count;
    const m = MISSING_BIN * stride;
    const wm = hasMissing ? acc[m + T] : 0;
    const nm = hasMissing ? acc[m + T + 1] : 0;
    let best: Split | null = null;
    let bestGain = floor;
    left.fill(0);
    let wl = 0;
    let nl = 0;
    if (hasMissing) for (let k = 0; k < T; k++) withMissing[k] = acc[m + k];
    for (let u = 0; u < present; u++) {
      const at = occupied[u] * stride;
      for (let k = 0; k < T; k++) left[k] += acc[at + k];
      wl += acc[at + T];
      nl += acc[at + T + 1];
      // The last present bin splits only the non-missing rows from the missing ones.
      const last = u === present - 1;
      if (last && !hasMissing) break;
      const bin = last ? edges[j].length : (occupied[u] + occupied[u + 1] - 1) >>> 1;
      const right = score(false, wl, nl, W, N, explained);
      if (right > bestGain) {
        bestGain = right;
        // With no missing values in this node, they follow the larger child.
        best = { gain: right, feature: j, bin, missingLeft: !hasMissing && nl >= N - nl };
      }
      if (hasMissing && !last) {
        const leftGain = score(true, wl + wm, nl + nm, W, N, explained);
        if (leftGain > bestGain) {
          bestGain = leftGain;
          best = { gain: leftGain, feature: j, bin, missingLeft: true };
        }
      }
    }
    return best;
  };

  t.nodes = 1;
  open(0, 0, total, 0);
  // The children's sums are recomputed by `open`, so `sums` is free again after each split.
  const pending: number[] = splits[0] ? [0] : [];
  let leaves = 1;
  while (pending.length > 0 && leaves < maxLeaves) {
    let pick = pending.length - 1;
    if (Number.isFinite(maxLeaves)) {
      for (let i = 0; i < pending.length; i++) if (splits[pending[i]]!.gain > splits[pending[pick]]!.gain) pick = i;
    }
    const p = pending.splice(pick, 1)[0];
    const split = splits[p]!;
    const middle = partition(rows, spare, binned, split, start[p], end[p]);
    t.feature[p] = split.feature;
    t.threshold[p] = binThreshold(edges[split.feature], split.bin);
    t.missingLeft[p] = split.missingLeft ? 1 : 0;
    t.splitBin[p] = split.bin;
    t.gain[p] = split.gain;
    const l = t.nodes++;
    const r = t.nodes++;
    t.left[p] = l;
    t.right[p] = r;
    leaves++;
    open(l, start[p], middle, t.depth[p] + 1);
    open(r, middle, end[p], t.depth[p] + 1);
    // Right pushed first: depth-first growth then walks the left child first.
    if (splits[r]) pending.push(r);
    if (splits[l]) pending.push(l);
  }
  return trim(t);
}

/** The most leaves a tree on `rows` rows can have: Max leaves, 2^depth and rows / min samples per leaf bound it. */
export function maxLeafCount(rows: number, settings: Pick<CartSettings, 'maxDepth' | 'maxLeaves' | 'minSamplesLeaf'>): number {
  const byDepth = settings.maxDepth < 31 ? 2 ** settings.maxDepth : Infinity;
  return Math.max(1, Math.min(settings.maxLeaves, byDepth, Math.floor(rows / settings.minSamplesLeaf)));
}

/**
 * Sorts a[0 … count) increasingly: insertion sort for the few bins of a deep node (most calls),
 * the typed-array sort otherwise.
 */
function sortSmall(a: Int32Array, count: number): void {
  if (count > 24) {
    a.subarray(0, count).sort();
    return;
  }
  for (let i = 1; i < count; i++) {
    const v = a[i];
    let k = i - 1;
    while (k >= 0 && a[k] > v) {
      a[k + 1] = a[k];
      k--;
    }
    a[k + 1] = v;
  }
}

/** Reorders rows[start … end) so those going left come first (stable); returns where the right side starts. */
function partition(rows: Uint32Array, spare: Uint32Array, binned: BinnedMatrix, split: Split, start: number, end: number): number {
  const { bins, width } = binned;
  // Shifting bins up by one (mod 256) makes the missing bin 0 when missing values go left.
  const shift = split.missingLeft ? 1 : 0;
  const limit = split.bin + shift;
  let l = start;
  let r = 0;
  for (let i = start; i < end; i++) {
    const row = rows[i];
    const goLeft = +(((bins[row * width + split.feature] + shift) & 255) <= limit);
    rows[l] = row;
    spare[r] = row;
    l += goLeft;
    r += 1 - goLeft;
  }
  rows.set(spare.subarray(0, r), l);
  return l;
}

function trim(t: CartTree): CartTree {
  const n = t.nodes;
  const outputs = t.values.length / t.feature.length;
  return {
    nodes: n,
    feature: t.feature.slice(0, n),
    threshold: t.threshold.slice(0, n),
    missingLeft: t.missingLeft.slice(0, n),
    left: t.left.slice(0, n),
    right: t.right.slice(0, n),
    samples: t.samples.slice(0, n),
    weight: t.weight.slice(0, n),
    values: t.values.slice(0, n * outputs),
    impurity: t.impurity.slice(0, n),
    gain: t.gain.slice(0, n),
    splitBin: t.splitBin.slice(0, n),
    depth: t.depth.slice(0, n),
  };
}

/** The leaf a binned row reaches (row `row` of `binned`). */
export function cartLeafOfBinned(t: CartTree, binned: BinnedMatrix, row: number): number {
  const { bins, width } = binned;
  let node = 0;
  while (t.feature[node] >= 0) {
    const b = bins[row * width + t.feature[node]];
    const goLeft = b === MISSING_BIN ? t.missingLeft[node] === 1 : b <= t.splitBin[node];
    node = goLeft ? t.left[node] : t.right[node];
  }
  return node;
}

/**
 * The grown tree as `TreeEnsemble` trees: one per output (class shares, or the mean), sharing
 * the structure arrays and differing in `value` (float32, as ONNX stores it).
 */
export function cartOutputTrees(t: CartTree, outputs: number): Tree[] {
  return Array.from({ length: outputs }, (_, k) => {
    const value = new Float32Array(t.nodes);
    for (let i = 0; i < t.nodes; i++) if (t.feature[i] < 0) value[i] = t.values[i * outputs + k];
    return { feature: t.feature, threshold: t.threshold, missingLeft: t.missingLeft, left: t.left, right: t.right, value, samples: t.samples };
  });
}
