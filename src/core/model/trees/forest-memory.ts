/**
 * Whether a random forest or a decision tree fits in memory, checked before training (as
 * `boosting-memory.ts` does for boosting), so that a forest too large for the tab is refused in
 * words instead of failing half-way. Unlimited trees are the risk: a fully grown tree has about
 * as many leaves as rows, so 100 of them on a million rows would need tens of GB.
 *
 * What training holds, in bytes, for the worst case of every tree (the most leaves its limits
 * allow, `maxLeafCount`):
 * - the binned train part, one byte per cell;
 * - per train row: two row-index arrays (4 + 4), a weight (8) and, with bootstrap, the
 *   out-of-bag sums (8 per output) and tree count (4);
 * - the tree being grown: per node 21 bytes of structure, 33 of extras (weight, impurity, gain,
 *   split bin, depth, row range), 8 per output of values and about 48 for its candidate split,
 *   held twice while it is trimmed;
 * - the kept trees: per node 21 bytes of structure shared by the outputs, 4 per output of value.
 * The design matrices themselves are the caller's and not counted.
 */
import type { TrainingData } from '../types';
import { BOOSTING_BYTES, refuseOverLimit } from './boosting-memory';
import { maxLeafCount } from './cart';
import { DECISION_TREE_DEFAULTS, type DecisionTreeSettings } from './decision-tree';
import { RANDOM_FOREST_DEFAULTS, type RandomForestSettings } from './random-forest';

/** Bytes a forest (or, with one tree and no bootstrap, a decision tree) needs at most. */
function cartBytes(data: TrainingData, trees: number, bootstrap: boolean, limits: { maxDepth: number | null; minSamplesLeaf: number; maxLeaves: number | null }): number {
  const n = data.train.x.rows;
  const width = data.preprocessor.width;
  const outputs = data.target.task === 'classification' ? data.target.classes.length : 1;
  const leaves = maxLeafCount(n, {
    maxDepth: limits.maxDepth ?? Infinity,
    maxLeaves: limits.maxLeaves ?? Infinity,
    minSamplesLeaf: Math.max(1, limits.minSamplesLeaf),
  });
  const nodes = 2 * leaves - 1;
  const perRow = 16 + (bootstrap ? 8 * outputs + 4 : 0);
  const growing = 2 * nodes * (21 + 33 + 8 * outputs + 48);
  const kept = trees * nodes * (21 + 4 * outputs);
  return n * width + n * perRow + growing + kept;
}

export function randomForestBytes(data: TrainingData, settings: Partial<RandomForestSettings> = {}): number {
  const s = { ...RANDOM_FOREST_DEFAULTS, ...settings };
  return cartBytes(data, s.trees, s.bootstrap, { ...s, maxLeaves: null });
}

export function decisionTreeBytes(data: TrainingData, settings: Partial<DecisionTreeSettings> = {}): number {
  return cartBytes(data, 1, false, { ...DECISION_TREE_DEFAULTS, ...settings });
}

/** Refuses a forest that would not fit, with a ModelError that says what to change. */
export function checkRandomForestMemory(data: TrainingData, settings: Partial<RandomForestSettings> = {}, limit = BOOSTING_BYTES): void {
  refuseOverLimit(randomForestBytes(data, settings), limit, 'A random forest would need up to', 'Set a Max depth, raise Min samples per leaf, lower Trees, or filter rows in the Clean step.');
}

/** Refuses a decision tree that would not fit, with a ModelError that says what to change. */
export function checkDecisionTreeMemory(data: TrainingData, settings: Partial<DecisionTreeSettings> = {}, limit = BOOSTING_BYTES): void {
  refuseOverLimit(decisionTreeBytes(data, settings), limit, 'A decision tree would need up to', 'Set a Max depth or Max leaves, raise Min samples per leaf, or filter rows in the Clean step.');
}
