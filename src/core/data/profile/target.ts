/**
 * How each feature relates to the target, by the measure that suits the two types:
 *
 * - numeric feature, numeric target: Pearson r.
 * - numeric feature, categorical target, or categorical feature, numeric target: the
 *   correlation ratio η = √(SS_between / SS_total), the share of the numeric variable's spread
 *   that the categories explain (0 … 1).
 * - categorical feature, categorical target: Cramér's V with Bergsma's (2013) bias correction,
 *   so a feature with many categories (an ID, a name) does not look related to the target by
 *   chance alone: φ̃² = max(0, φ² − (k−1)(r−1)/(n−1)), r̃ = r − (r−1)²/(n−1), k̃ likewise,
 *   Ṽ = √(φ̃² / min(k̃−1, r̃−1)).
 *
 * All use the rows where both the feature and the target have a value.
 */
import type { ColumnInfo } from '../columns';
import type { ColumnData, NumericData } from './column';
import { pearson } from './correlation';
import type { ClassCount, TargetRelation } from './types';
import { suggestTask, type TaskSuggestion } from '../../model/task';
/** Categories × classes beyond which Cramér's V is not computed (memory stays bounded). */
export const MAX_CONTINGENCY_CELLS = 5_000_000;

/** The target, read once, in the form relations need. */
export type TargetData =
  | { name: string; kind: 'numeric'; values: Float64Array; source: ArrayLike<unknown>; suggestion: TaskSuggestion }
  | { name: string; kind: 'categorical'; codes: Int32Array; labels: string[]; counts: ArrayLike<number>; present: number; source: ArrayLike<unknown>; suggestion: TaskSuggestion };

/**
 * Decides how to treat the target: as `task` says, or else as the core's task suggestion says
 * (`suggestTask`: classes for text, booleans and integers with few values), which travels with
 * the target so Explore can show why.
 */
export function prepareTarget(info: ColumnInfo, data: ColumnData, source: ArrayLike<unknown>, task?: 'classification' | 'regression' | null): TargetData {
  const suggestion = suggestTask(info.type, data.kind === 'numeric' ? data.values : []);
  if (data.kind === 'categorical') {
    return { name: info.name, kind: 'categorical', codes: data.codes, labels: data.labels, counts: data.counts, present: data.present, source, suggestion };
  }
  const asClasses = (task ?? suggestion.task) === 'classification';
  if (!asClasses) return { name: info.name, kind: 'numeric', values: data.values, source, suggestion };
  return { name: info.name, kind: 'categorical', ...numbersAsClasses(data, info.type === 'date'), source, suggestion };
}

/** Codes for the different numbers of a column, labelled as the numbers (or dates) read. */
function numbersAsClasses(data: NumericData, date: boolean): { codes: Int32Array; labels: string[]; counts: number[]; present: number } {
  const index = new Map<number, number>();
  const labels: string[] = [];
  const counts: number[] = [];
  const codes = new Int32Array(data.values.length);
  for (let i = 0; i < data.values.length; i++) {
    const v = data.values[i];
    if (v !== v) {
      codes[i] = -1;
      continue;
    }
    let code = index.get(v);
    if (code === undefined) {
      code = labels.length;
      index.set(v, code);
      labels.push(date ? new Date(v).toISOString() : String(v));
      counts.push(0);
    }
    codes[i] = code;
    counts[code]++;
  }
  return { codes, labels, counts, present: data.present };
}

/** Every class with its count and share, most frequent first (ties by value). */
export function classDistribution(target: TargetData): ClassCount[] {
  if (target.kind !== 'categorical') return [];
  const classes: ClassCount[] = [];
  for (let code = 0; code < target.labels.length; code++) {
    const count = target.counts[code];
    if (count > 0) classes.push({ value: target.labels[code], count, share: target.present ? count / target.present : 0 });
  }
  return classes.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}

/** The feature's relation to the target; `source` is the feature's cells as the table holds them. */
export function relationToTarget(name: string, feature: ColumnData, source: ArrayLike<unknown>, target: TargetData): TargetRelation {
  const equalsTarget = sameCells(source, target.source);
  let result: { value: number | null; rows: number; note: string | null };
  let measure: TargetRelation['measure'];
  if (feature.kind === 'numeric') {
    if (target.kind === 'numeric') {
      measure = 'pearson';
      const { r, n } = pearson(feature.values, target.values);
      result = { value: r, rows: n, note: r === null ? noVariation(n) : null };
    } else {
      measure = 'eta';
      result = correlationRatio(feature.values, target.codes, target.labels.length);
    }
  } else if (target.kind === 'numeric') {
    measure = 'eta';
    result = correlationRatio(target.values, feature.codes, feature.labels.length);
    // With about one row per category every group mean is its own value: η is near 1 by chance.
    if (result.value !== null && feature.labels.length > result.rows / 2) {
      result.note = 'Most values occur only once, so η is high by chance alone.';
    }
  } else {
    measure = 'cramers-v';
    result = cramersV(feature.codes, feature.labels.length, target.codes, target.labels.length);
  }
  return { column: name, measure, value: result.value, strength: Math.abs(result.value ?? 0), rows: result.rows, equalsTarget, note: result.note };
}

function noVariation(rows: number): string {
  return rows < 2 ? 'Too few rows have both values.' : 'One of the two does not vary on the rows that have both values.';
}

/**
 * Correlation ratio η of numeric `y` (NaN = missing) grouped by `groups` codes (negative =
 * missing). Sums are taken around the overall mean so large values keep their precision.
 */
export function correlationRatio(y: Float64Array, groups: Int32Array, groupCount: number): { value: number | null; rows: number; note: string | null } {
  let shift = 0;
  let seen = 0;
  for (let i = 0; i < y.length && seen < 1; i++) if (y[i] === y[i] && groups[i] >= 0) { shift = y[i]; seen = 1; }
  const sums = new Float64Array(groupCount);
  const counts = new Float64Array(groupCount);
  let n = 0;
  let total = 0;
  let squares = 0;
  for (let i = 0; i < y.length; i++) {
    const g = groups[i];
    const v = y[i] - shift;
    if (g >= 0 && v === v) {
      sums[g] += v;
      counts[g]++;
      n++;
      total += v;
      squares += v * v;
    }
  }
  if (n < 2) return { value: null, rows: n, note: noVariation(n) };
  const ssTotal = squares - (total * total) / n;
  let between = 0;
  for (let g = 0; g < groupCount; g++) if (counts[g] > 0) between += (sums[g] * sums[g]) / counts[g];
  const ssBetween = between - (total * total) / n;
  if (!(ssTotal > 1e-12 * squares)) return { value: null, rows: n, note: 'The numeric column does not vary on the rows that have both values.' };
  return { value: Math.sqrt(Math.min(1, Math.max(0, ssBetween / ssTotal))), rows: n, note: null };
}

/** Bias-corrected Cramér's V between two code columns (negative = missing). */
export function cramersV(a: Int32Array, aCount: number, b: Int32Array, bCount: number): { value: number | null; rows: number; note: string | null } {
  if (aCount * bCount > MAX_CONTINGENCY_CELLS) return { value: null, rows: 0, note: 'Too many different values to compare.' };
  const cells = new Float64Array(aCount * bCount);
  const rowTotals = new Float64Array(aCount);
  const colTotals = new Float64Array(bCount);
  let n = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x >= 0 && y >= 0) {
      cells[x * bCount + y]++;
      rowTotals[x]++;
      colTotals[y]++;
      n++;
    }
  }
  if (n < 2) return { value: null, rows: n, note: noVariation(n) };
  let r = 0;
  let k = 0;
  for (let x = 0; x < aCount; x++) if (rowTotals[x] > 0) r++;
  for (let y = 0; y < bCount; y++) if (colTotals[y] > 0) k++;
  // χ² = n·(Σ O² / (row total · column total) − 1), summed over non-empty cells only.
  let sum = 0;
  for (let x = 0; x < aCount; x++) {
    const rt = rowTotals[x];
    if (rt === 0) continue;
    const row = x * bCount;
    for (let y = 0; y < bCount; y++) {
      const o = cells[row + y];
      if (o > 0) sum += (o * o) / (rt * colTotals[y]);
    }
  }
  const phi2 = Math.max(0, sum - 1);
  const phi2c = Math.max(0, phi2 - ((k - 1) * (r - 1)) / (n - 1));
  const rc = r - ((r - 1) * (r - 1)) / (n - 1);
  const kc = k - ((k - 1) * (k - 1)) / (n - 1);
  if (r < 2 || k < 2) return { value: null, rows: n, note: 'One of the two has a single value on the rows that have both values.' };
  const denominator = Math.min(kc - 1, rc - 1);
  // Only when one side has a value per row (r = n); then φ̃² is 0 too: nothing beyond chance.
  if (!(denominator > 0)) return { value: 0, rows: n, note: 'Every row has a value of its own, so nothing links it to the other beyond chance.' };
  return { value: Math.min(1, Math.sqrt(phi2c / denominator)), rows: n, note: null };
}

/** Same cells in every row (missing matches missing; dates by time). */
export function sameCells(a: ArrayLike<unknown>, b: ArrayLike<unknown>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    const xMissing = x === null || x === undefined || (typeof x === 'number' && Number.isNaN(x));
    const yMissing = y === null || y === undefined || (typeof y === 'number' && Number.isNaN(y));
    if (xMissing && yMissing) continue;
    if (x instanceof Date && y instanceof Date && x.getTime() === y.getTime()) continue;
    return false;
  }
  return true;
}
