/**
 * The monitoring reference: what the training data (and the model's answers on it) looked like,
 * stored with each model when it is trained, so that a live batch can later be compared with it
 * (see `drift.ts`) without keeping the training data around.
 *
 * It is plain, structured-cloneable data (objects, arrays, one Float32Array per numeric
 * feature) and small: about 20 KB per numeric feature at most, a few KB per categorical one.
 *
 * Numeric features (number, integer, date as epoch ms, boolean as 1/0). Values are read as the
 * model reads them (rounded to float32, see `model/features.ts`); a value that cannot be read as
 * a number counts as missing.
 * - Bins: the deciles (10 %, 20 % … 90 %) of the train values, each the smallest train value with
 *   at least that share of the values at or below it (numpy's `inverted_cdf` quantile: always an
 *   observed value, so repeated values such as integers and booleans are never split by an edge
 *   between them), deduplicated, and without edges at or above the largest train value (such a
 *   bin would always be empty in training). The bins are right-closed
 *   and open at both ends: (−∞, e₁], (e₁, e₂], … (e_k, ∞), so a live value outside the training
 *   range still lands in the first or last bin. At most 10 bins; fewer when values repeat (a
 *   boolean gets two, a constant column one).
 * - Shares: the share of ALL train rows in each bin, plus the share of missing values; together
 *   they sum to 1, so a change in missingness counts as drift too.
 * - Sample: for the Kolmogorov–Smirnov test, up to 5,000 train values, sorted. It is a
 *   systematic sample of the sorted values (the value at each (i + ½)/m quantile), not a random
 *   one: it keeps the shape of the distribution as closely as m values can, and it needs no seed.
 *   When a model has many numeric features the sample shrinks (to no fewer than 1,000 values) so
 *   that all samples together stay under {@link SAMPLE_BUDGET} values.
 *
 * Categorical features (text). Values are read as the model reads them (`categoricalInput`; '' is
 * missing). The 50 most frequent train values keep their own share (ties: code-unit order);
 * every other value, and any value never seen in training, goes to 'other'; missing values have
 * their own share.
 *
 * Predictions. Classification: the share of rows predicted as each class (the most probable
 * class), as a categorical reference over the classes. Regression: the predicted values, as a
 * numeric reference (bins and sample) like a numeric feature.
 */
import type { ColumnType } from '../data/columns';
import type { Frame } from '../data/frame';
import { NO_FIT, columnInfo, columnValues, convertValue } from '../data/recipe/frame-ops';
import { formatNumber } from '../data/profile/format';
import { categoricalInput } from '../model/features';
import type { Task } from '../model/types';

/** Quantiles that make the bin edges of a numeric reference. */
export const BIN_QUANTILES = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9] as const;
/** Most train values kept per numeric feature for the KS test. */
export const MAX_SAMPLE = 5000;
/** Fewest values kept per numeric feature when the budget is shared by many features. */
export const MIN_SAMPLE = 1000;
/** Most sample values over all numeric features and the predictions together (4 bytes each). */
export const SAMPLE_BUDGET = 60_000;
/** Categories of a text feature that keep their own share; the rest are 'other'. */
export const MAX_REFERENCE_CATEGORIES = 50;

export interface NumericReference {
  feature: string;
  kind: 'numeric';
  /** The column's type in the training data (how live text is read: dates, booleans, numbers). */
  sourceType: ColumnType;
  /** Right-closed interior bin edges, ascending: bins (−∞, e₁], (e₁, e₂], … (e_k, ∞). */
  edges: number[];
  /** Share of train rows per bin (edges.length + 1 entries). */
  shares: number[];
  missingShare: number;
  /** Train rows the reference was built from (present and missing). */
  rows: number;
  /** Smallest and largest present train value (NaN when none was present). */
  min: number;
  max: number;
  /** Sorted sample of present train values (float32, as the model reads them). */
  sample: Float32Array;
}

export interface CategoricalReference {
  feature: string;
  kind: 'categorical';
  sourceType: ColumnType;
  /** The most frequent train values, most frequent first. */
  categories: string[];
  /** Share of train rows per category, in the order of `categories`. */
  shares: number[];
  /** Share of train rows with any other (present) value. */
  otherShare: number;
  missingShare: number;
  rows: number;
}

export type FeatureReference = NumericReference | CategoricalReference;

export interface MonitoringReference {
  /** Format of this object, for stored references. */
  version: 1;
  /** Train rows it describes. */
  rows: number;
  features: FeatureReference[];
  /** The model's predictions on the train rows; null when none were given. */
  predictions: FeatureReference | null;
  task: Task;
  /** Classification: the class names, in the order of the probability columns. */
  classes: string[];
}

/** The model's outputs on the train rows: probabilities (rows × classes, row-major) or predictions (rows). */
export interface ReferencePredictions {
  task: Task;
  classes: string[];
  output: Float32Array;
}

/** A feature column counts as numeric unless it holds text (as for the model's preprocessing). */
export function isNumericReferenceType(type: ColumnType): boolean {
  return type !== 'text';
}

// ---- Reading values ----

/**
 * A raw value as a number of a numeric feature whose training column had type `sourceType`:
 * NaN for missing, `undefined` for a value that cannot be read as one (text in a number column).
 * Rounded to float32, as the model's input is.
 */
export function numericValue(value: unknown, sourceType: ColumnType): number | undefined {
  if (typeof value === 'number') {
    if (value !== value) return NaN;
    return Number.isFinite(value) ? Math.fround(value) : undefined;
  }
  if (value === null || value === undefined) return NaN;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) {
    const ms = value.getTime();
    return ms === ms ? Math.fround(ms) : NaN;
  }
  const as: ColumnType = sourceType === 'boolean' || sourceType === 'date' ? sourceType : 'number';
  const x = convertValue(value, as);
  if (x === NO_FIT || typeof x === 'string') return undefined;
  if (x === null) return NaN;
  if (typeof x === 'boolean') return x ? 1 : 0;
  return x !== x ? NaN : Number.isFinite(x) ? Math.fround(x) : undefined;
}

/** A raw value as a categorical feature reads it; '' is missing. */
export function categoricalValue(value: unknown): string {
  return categoricalInput(value);
}

// ---- Numeric references ----

/**
 * The q-quantile of sorted values as the inverted empirical distribution function: the smallest
 * value with at least a share q of the values at or below it (numpy's `method='inverted_cdf'`).
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  // The tolerance keeps 0.3 × 10 = 3.0000000000000004 at 3.
  const k = Math.ceil(q * n - 1e-9);
  return sorted[Math.min(n - 1, Math.max(0, k - 1))];
}

/** Bin edges from sorted present values: deduplicated deciles below the largest value. */
export function binEdges(sorted: ArrayLike<number>): number[] {
  const n = sorted.length;
  if (n === 0) return [];
  const max = sorted[n - 1];
  const edges: number[] = [];
  for (const q of BIN_QUANTILES) {
    const e = quantileSorted(sorted, q);
    if (e < max && (edges.length === 0 || e > edges[edges.length - 1])) edges.push(e);
  }
  return edges;
}

/** The bin of a present value: 0 … edges.length (binary search for the first edge ≥ x). */
export function binOf(edges: readonly number[], x: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x <= edges[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** A systematic sample of `size` values from sorted values (the (i + ½)/size quantiles), sorted. */
function systematicSample(sorted: Float32Array, size: number): Float32Array {
  if (sorted.length <= size) return sorted.slice();
  const out = new Float32Array(size);
  const n = sorted.length;
  for (let i = 0; i < size; i++) out[i] = sorted[Math.min(n - 1, Math.floor(((i + 0.5) * n) / size))];
  return out;
}

/** A numeric reference from present values (float32) and the number of missing ones. */
export function numericReference(feature: string, sourceType: ColumnType, present: Float32Array, missing: number, sampleSize = MAX_SAMPLE): NumericReference {
  const sorted = present.slice().sort();
  const rows = sorted.length + missing;
  const edges = binEdges(sorted);
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (let i = 0; i < sorted.length; i++) counts[binOf(edges, sorted[i])]++;
  return {
    feature,
    kind: 'numeric',
    sourceType,
    edges,
    shares: counts.map((c) => (rows > 0 ? c / rows : 0)),
    missingShare: rows > 0 ? missing / rows : 0,
    rows,
    min: sorted.length > 0 ? sorted[0] : NaN,
    max: sorted.length > 0 ? sorted[sorted.length - 1] : NaN,
    sample: systematicSample(sorted, sampleSize),
  };
}

/** A categorical reference from value counts ('' = missing). */
export function categoricalReference(feature: string, sourceType: ColumnType, counts: Map<string, number>): CategoricalReference {
  let rows = 0;
  for (const c of counts.values()) rows += c;
  const missing = counts.get('') ?? 0;
  const ranked = [...counts].filter(([v]) => v !== '').sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const kept = ranked.slice(0, MAX_REFERENCE_CATEGORIES);
  let other = 0;
  for (let i = MAX_REFERENCE_CATEGORIES; i < ranked.length; i++) other += ranked[i][1];
  const share = (c: number): number => (rows > 0 ? c / rows : 0);
  return {
    feature,
    kind: 'categorical',
    sourceType,
    categories: kept.map(([v]) => v),
    shares: kept.map(([, c]) => share(c)),
    otherShare: share(other),
    missingShare: share(missing),
    rows,
  };
}

/** How many sample values each numeric reference keeps when `count` of them share the budget. */
export function sampleSizeFor(count: number): number {
  if (count <= 0) return MAX_SAMPLE;
  return Math.max(MIN_SAMPLE, Math.min(MAX_SAMPLE, Math.floor(SAMPLE_BUDGET / count)));
}

// ---- Building the reference ----

/**
 * The monitoring reference of a model trained on the frame's rows at `trainPositions` (row
 * positions in the frame's table) with these `features`; `predictions` are the model's outputs on
 * the same rows (probabilities rows × classes for classification, one value per row for
 * regression). Throws when a feature is not a column of the frame.
 */
export function buildReference(
  frame: Frame,
  trainPositions: Int32Array | readonly number[],
  features: readonly string[],
  predictions: ReferencePredictions,
): MonitoringReference {
  const numericCount = features.filter((name) => isNumericReferenceType(columnInfo(frame, name).type)).length + (predictions.task === 'regression' ? 1 : 0);
  const sampleSize = sampleSizeFor(numericCount);
  const n = trainPositions.length;
  const references = features.map((name): FeatureReference => {
    const { type } = columnInfo(frame, name);
    const values = columnValues(frame, name) as ArrayLike<unknown>;
    if (isNumericReferenceType(type)) {
      const present = new Float32Array(n);
      let count = 0;
      for (let k = 0; k < n; k++) {
        const x = numericValue(values[trainPositions[k]], type);
        if (x !== undefined && x === x) present[count++] = x;
      }
      return numericReference(name, type, present.subarray(0, count), n - count, sampleSize);
    }
    const counts = new Map<string, number>();
    for (let k = 0; k < n; k++) {
      const s = categoricalValue(values[trainPositions[k]]);
      counts.set(s, (counts.get(s) ?? 0) + 1);
    }
    return categoricalReference(name, type, counts);
  });
  return {
    version: 1,
    rows: n,
    features: references,
    predictions: predictionReference(predictions, sampleSize),
    task: predictions.task,
    classes: [...predictions.classes],
  };
}

/** The reference of the model's predictions (see the module comment); null for no output. */
function predictionReference(predictions: ReferencePredictions, sampleSize: number): FeatureReference | null {
  const { task, classes, output } = predictions;
  if (output.length === 0) return null;
  if (task === 'classification') {
    const counts = predictedClassCounts(output, classes.length);
    const map = new Map<string, number>();
    classes.forEach((c, i) => map.set(c, counts[i]));
    const ref = categoricalReference('Prediction', 'text', map);
    // Keep every class, in class order, also classes that were never predicted.
    ref.categories = [...classes];
    ref.shares = counts.map((c) => c / Math.max(1, ref.rows));
    ref.otherShare = 0;
    return ref;
  }
  const present = new Float32Array(output.length);
  let count = 0;
  for (let i = 0; i < output.length; i++) if (Number.isFinite(output[i])) present[count++] = output[i];
  return numericReference('Prediction', 'number', present.subarray(0, count), output.length - count, sampleSize);
}

/** How many rows are predicted as each class (the most probable; the lower index on a tie). */
export function predictedClassCounts(probabilities: ArrayLike<number>, classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  if (classes < 1) return counts;
  const rows = Math.floor(probabilities.length / classes);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (probabilities[r * classes + c] > probabilities[r * classes + best]) best = c;
    counts[best]++;
  }
  return counts;
}

// ---- Labels and shares for tables and charts ----

/** The reference's shares, bin by bin, ending with the missing share (and 'other' before it for categories). */
export function referenceShares(ref: FeatureReference): number[] {
  return ref.kind === 'numeric' ? [...ref.shares, ref.missingShare] : [...ref.shares, ref.otherShare, ref.missingShare];
}

/** A label per entry of {@link referenceShares}: '≤ 3.5', '3.5 – 4.2', '> 6.1', '(other)', '(missing)'. */
export function binLabels(ref: FeatureReference): string[] {
  if (ref.kind === 'categorical') return [...ref.categories, '(other)', '(missing)'];
  const show = (x: number): string => (ref.sourceType === 'date' ? new Date(x).toISOString().slice(0, 10) : formatNumber(x));
  const { edges } = ref;
  if (edges.length === 0) return ['all values', '(missing)'];
  const labels = [`≤ ${show(edges[0])}`];
  for (let i = 1; i < edges.length; i++) labels.push(`${show(edges[i - 1])} – ${show(edges[i])}`);
  labels.push(`> ${show(edges[edges.length - 1])}`);
  labels.push('(missing)');
  return labels;
}
