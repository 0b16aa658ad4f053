/**
 * Whether gradient boosting fits in memory, checked before training (as `../backend-memory.ts`
 * does for the networks), so that a leaf count or a width too large is refused in words
 * instead of failing half-way.
 *
 * What training holds, in bytes:
 * - the binned matrices, one byte per cell of the train and validation parts;
 * - per train row: the margins (8 per output), gradient and hessian (8 + 8), two row-index
 *   arrays (4 + 4), and for absolute error a residual (8), for multiclass a normaliser (8);
 *   per validation row the margins;
 * - one histogram per leaf that may still split: width × 256 bins × 3 sums × 8, for at most
 *   min(max leaves, train rows / min samples per leaf) leaves;
 * - the trees: per node 33 bytes (feature, threshold, children, value, samples, missing
 *   direction) plus 17 for the booster (split bin, row range, gain).
 * The design matrices themselves are the caller's and not counted.
 */
import { ModelError } from '../errors';
import type { TrainingData } from '../types';
import { BINS_PER_COLUMN } from './histogram';
import { GRADIENT_BOOSTING_DEFAULTS, type GradientBoostingSettings } from './gradient-boosting';

/** What a worker's typed arrays can hold, about: a browser tab has a few GB in all. */
export const BOOSTING_BYTES = 2 ** 31;

export function gradientBoostingBytes(data: TrainingData, settings: Partial<GradientBoostingSettings> = {}): number {
  const s = { ...GRADIENT_BOOSTING_DEFAULTS, ...settings };
  const width = data.preprocessor.width;
  const n = data.train.x.rows;
  const nv = data.validation.x.rows;
  const classes = data.target.task === 'classification' ? data.target.classes.length : 0;
  const outputs = classes > 2 ? classes : 1;
  const perRow = 8 * outputs + 16 + 8 + (s.regressionLoss === 'absolute-error' && classes === 0 ? 8 : 0) + (outputs > 1 ? 8 : 0);
  const leaves = Math.max(1, Math.min(s.maxLeaves, Math.floor(n / Math.max(1, s.minSamplesLeaf))));
  const histograms = leaves * width * BINS_PER_COLUMN * 3 * 8;
  const trees = s.iterations * outputs * (2 * leaves - 1) * (33 + 17);
  return (n + nv) * width + n * perRow + nv * 8 * outputs + histograms + trees;
}

/** Refuses settings and data that would not fit, with a ModelError that says what to change. */
export function checkGradientBoostingMemory(data: TrainingData, settings: Partial<GradientBoostingSettings> = {}, limit = BOOSTING_BYTES): void {
  refuseOverLimit(gradientBoostingBytes(data, settings), limit, 'Gradient-boosted trees would need about', 'Lower Max leaves or Trees, choose fewer feature columns, or filter rows in the Clean step.');
}

/**
 * The tree learners' one refusal when `needed` bytes exceed `limit`: "<what> 2.3 GB of memory
 * here, more than the 2.0 GB a tab can count on. <advice>", as a ModelError.
 */
export function refuseOverLimit(needed: number, limit: number, what: string, advice: string): void {
  if (needed <= limit) return;
  const gb = (bytes: number) => `${(bytes / 2 ** 30).toFixed(1)} GB`;
  throw new ModelError(`${what} ${gb(needed)} of memory here, more than the ${gb(limit)} a tab can count on. ${advice}`);
}
