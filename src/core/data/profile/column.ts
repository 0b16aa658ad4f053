/**
 * One column: read once from the table into a compact form (a Float64Array of numbers with NaN
 * for missing, or integer codes for categories), then described. The compact form is also
 * what correlations and target relations are computed from.
 */
import type { ColumnTable } from 'arquero';
import { clipText } from '../../format';
import type { ColumnInfo } from '../columns';
import type {
  CategoricalColumnProfile,
  ColumnProfile,
  DateColumnProfile,
  HistogramBin,
  NumericColumnProfile,
  SparkBar,
  TopValue,
} from './types';
import { formatDate, formatNumber } from './format';
import { countDistinctSorted, moments, numericHistogram, quantileSorted, SortScratch, sortNumbers, timeHistogram } from './stats';

/** Most frequent values kept per text or boolean column. */
export const TOP_VALUES = 20;
/** Most frequent values drawn in the table's sparkline (then one bar for the rest). */
export const SPARK_VALUES = 8;
/**
 * Different values tracked exactly per text column. Past it, new values are counted as
 * missing-from-the-tally (`distinctExact: false`) so memory stays bounded on huge free text.
 */
export const DISTINCT_CAP = 1_000_000;

/** Numbers, integers and dates (as epoch ms): aligned with the table's rows, NaN = missing. */
export interface NumericData {
  kind: 'numeric';
  values: Float64Array;
  present: number;
}

/** Text and booleans: a code per row (−1 missing, −2 a value past `DISTINCT_CAP`). */
export interface CategoricalData {
  kind: 'categorical';
  codes: Int32Array;
  /** Label of each code, in order of first appearance. */
  labels: string[];
  /** Rows per code. */
  counts: Float64Array;
  present: number;
  /** Some values were past `DISTINCT_CAP` and have code −2. */
  capped: boolean;
}

export type ColumnData = NumericData | CategoricalData;

/** Code of a value that was not tracked because the column had too many different values. */
export const UNTRACKED = -2;

/**
 * A column's cells as an indexable sequence, without copying when the table holds a plain
 * array or typed array (Arquero's own tables), else through Arquero's row order and filter.
 */
export function columnValues(table: ColumnTable, name: string): ArrayLike<unknown> {
  const column = table.column(name) as unknown;
  if (column === undefined) throw new Error(`The column “${name}” is not in the table.`);
  if (!table.isFiltered() && !table.isOrdered()) {
    if (Array.isArray(column) || ArrayBuffer.isView(column)) return column as ArrayLike<unknown>;
    const arrow = column as { toArray?: () => ArrayLike<unknown>; length?: number };
    if (typeof arrow.toArray === 'function' && arrow.length === table.numRows()) return arrow.toArray();
  }
  return table.array(name);
}

/** Reads a number, integer or date column; ±Infinity and unreadable cells count as missing. */
export function readNumeric(source: ArrayLike<unknown>, date: boolean, into?: Float64Array): NumericData {
  const n = source.length;
  const values = into && into.length >= n ? into.subarray(0, n) : new Float64Array(n);
  let present = 0;
  if (source instanceof Float64Array || source instanceof Float32Array || source instanceof Int32Array) {
    for (let i = 0; i < n; i++) {
      const v = source[i];
      if (Number.isFinite(v)) {
        values[i] = v;
        present++;
      } else values[i] = NaN;
    }
    return { kind: 'numeric', values, present };
  }
  for (let i = 0; i < n; i++) {
    const v = source[i];
    let x: number;
    if (typeof v === 'number') x = v;
    else if (v === null || v === undefined) x = NaN;
    else if (v instanceof Date) x = v.getTime();
    else if (typeof v === 'bigint') x = Number(v);
    else if (typeof v === 'boolean') x = v ? 1 : 0;
    else if (date && typeof v === 'string') x = Date.parse(v);
    else x = NaN;
    if (Number.isFinite(x)) {
      values[i] = x;
      present++;
    } else values[i] = NaN;
  }
  return { kind: 'numeric', values, present };
}

/** Reads a text or boolean column into codes; `null`/`undefined` are missing. */
export function readCategorical(source: ArrayLike<unknown>, cap: number = DISTINCT_CAP, into?: Int32Array): CategoricalData {
  const n = source.length;
  const codes = into && into.length >= n ? into.subarray(0, n) : new Int32Array(n);
  const index = new Map<unknown, number>();
  const labels: string[] = [];
  let counts = new Float64Array(64);
  let present = 0;
  let capped = false;
  for (let i = 0; i < n; i++) {
    const v = source[i];
    if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) {
      codes[i] = -1;
      continue;
    }
    present++;
    // Strings and booleans are their own keys; anything else (a Date in a text column) by its text.
    const key = typeof v === 'string' || typeof v === 'boolean' ? v : String(v instanceof Date ? v.toISOString() : v);
    let code = index.get(key);
    if (code === undefined) {
      if (labels.length >= cap) {
        codes[i] = UNTRACKED;
        capped = true;
        continue;
      }
      code = labels.length;
      index.set(key, code);
      labels.push(String(key));
      if (code >= counts.length) {
        const grown = new Float64Array(counts.length * 2);
        grown.set(counts);
        counts = grown;
      }
    }
    codes[i] = code;
    counts[code]++;
  }
  return { kind: 'categorical', codes, labels, counts: counts.slice(0, labels.length), present, capped };
}

/**
 * Arrays reused from column to column (the data of columns that are not kept, the sorted
 * copy, the sort's buffers), so profiling a wide table allocates a few arrays, not hundreds.
 */
export class ProfileScratch {
  readonly sort = new SortScratch();
  #values = new Float64Array(0);
  #sorted = new Float64Array(0);
  #codes = new Int32Array(0);

  values(n: number): Float64Array {
    if (this.#values.length < n) this.#values = new Float64Array(n);
    return this.#values.subarray(0, n);
  }

  sorted(n: number): Float64Array {
    if (this.#sorted.length < n) this.#sorted = new Float64Array(n);
    return this.#sorted.subarray(0, n);
  }

  codes(n: number): Int32Array {
    if (this.#codes.length < n) this.#codes = new Int32Array(n);
    return this.#codes.subarray(0, n);
  }
}

/**
 * Reads a column in the form its type calls for. With `scratch`, the data lives in shared
 * arrays that the next column's read overwrites.
 */
export function readColumn(source: ArrayLike<unknown>, info: ColumnInfo, scratch?: ProfileScratch): ColumnData {
  const n = source.length;
  if (info.type === 'text' || info.type === 'boolean') return readCategorical(source, DISTINCT_CAP, scratch?.codes(n));
  return readNumeric(source, info.type === 'date', scratch?.values(n));
}

/** Present values of a numeric column, sorted ascending (in `scratch` when given). */
export function sortedPresent(data: NumericData, scratch?: ProfileScratch): Float64Array {
  const sorted = scratch ? scratch.sorted(data.present) : new Float64Array(data.present);
  const values = data.values;
  let j = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === v) sorted[j++] = v;
  }
  return sortNumbers(sorted, scratch?.sort);
}

/** Describes a column from its data; `rows` is the table's row count. */
export function profileColumn(info: ColumnInfo, data: ColumnData, rows: number, scratch?: ProfileScratch): ColumnProfile {
  if (data.kind === 'categorical') return profileCategorical(info, data, rows);
  const sorted = sortedPresent(data, scratch);
  return info.type === 'date' ? profileDate(info, data, sorted, rows) : profileNumeric(info, data, sorted, rows);
}

function base(info: ColumnInfo, present: number, rows: number) {
  const missing = rows - present;
  return { name: info.name, count: present, missing, missingShare: rows === 0 ? 0 : missing / rows };
}

function profileNumeric(info: ColumnInfo, data: NumericData, sorted: Float64Array, rows: number): NumericColumnProfile {
  const n = sorted.length;
  const min = n ? sorted[0] : null;
  const max = n ? sorted[n - 1] : null;
  const { mean, std } = moments(sorted);
  const integer = info.type === 'integer' && Number.isInteger(min ?? 0) && Number.isInteger(max ?? 0) && allIntegers(sorted);
  const histogram = n ? numericHistogram(sorted, min!, max!, integer) : [];
  const head = base(info, data.present, rows);
  const summary = n === 0 ? 'no values' : `mean ${formatNumber(mean!)}, from ${formatNumber(min!)} to ${formatNumber(max!)}`;
  return {
    ...head,
    type: info.type === 'integer' ? 'integer' : 'number',
    distinct: countDistinctSorted(sorted),
    distinctExact: true,
    min,
    max,
    mean,
    std,
    q1: quantileSorted(sorted, 0.25),
    median: quantileSorted(sorted, 0.5),
    q3: quantileSorted(sorted, 0.75),
    histogram,
    spark: histogram.map((b) => ({ label: integer && b.x1 - b.x0 === 1 ? formatNumber(b.x0) : `${formatNumber(b.x0)} – ${formatNumber(b.x1)}`, count: b.count })),
    summary: withMissing(summary, head.missing),
  };
}

function allIntegers(values: Float64Array): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isInteger(values[i])) return false;
  return true;
}

function profileDate(info: ColumnInfo, data: NumericData, sorted: Float64Array, rows: number): DateColumnProfile {
  const n = sorted.length;
  const histogram: HistogramBin[] = n ? timeHistogram(sorted, sorted[0], sorted[n - 1]) : [];
  const head = base(info, data.present, rows);
  const min = n ? isoDate(sorted[0]) : null;
  const max = n ? isoDate(sorted[n - 1]) : null;
  return {
    ...head,
    type: 'date',
    distinct: countDistinctSorted(sorted),
    distinctExact: true,
    min,
    max,
    histogram,
    spark: histogram.map((b) => ({ label: `from ${formatDate(b.x0)}`, count: b.count })),
    summary: withMissing(n === 0 ? 'no values' : `from ${formatDate(sorted[0])} to ${formatDate(sorted[n - 1])}`, head.missing),
  };
}

function profileCategorical(info: ColumnInfo, data: CategoricalData, rows: number): CategoricalColumnProfile {
  const top = topValues(data.labels, data.counts, TOP_VALUES);
  const inTop = top.reduce((sum, t) => sum + t.count, 0);
  const head = base(info, data.present, rows);
  const spark: SparkBar[] = top.slice(0, SPARK_VALUES).map((t) => ({ label: t.value, count: t.count }));
  const rest = data.present - spark.reduce((sum, b) => sum + b.count, 0);
  if (rest > 0) spark.push({ label: 'other', count: rest });
  let summary: string;
  if (data.present === 0) summary = 'no values';
  else {
    const share = Math.round((100 * top[0].count) / data.present);
    const values = data.labels.length === 1 ? '1 value' : `${data.capped ? 'over ' : ''}${data.labels.length} values`;
    summary = `${values}; most often “${clipText(top[0].value)}” (${share}%)`;
  }
  return {
    ...head,
    type: info.type === 'boolean' ? 'boolean' : 'text',
    distinct: data.labels.length,
    distinctExact: !data.capped,
    top,
    other: data.present - inTop,
    spark,
    summary: withMissing(summary, head.missing),
  };
}

/** The `k` most frequent labels, most frequent first, ties in code-unit order of the value. */
export function topValues(labels: readonly string[], counts: ArrayLike<number>, k: number): TopValue[] {
  const best: TopValue[] = [];
  const before = (a: TopValue, b: TopValue): boolean => a.count > b.count || (a.count === b.count && a.value < b.value);
  for (let code = 0; code < labels.length; code++) {
    const candidate = { value: labels[code], count: counts[code] };
    if (best.length === k && !before(candidate, best[k - 1])) continue;
    let at = best.length === k ? k - 1 : best.length;
    if (best.length < k) best.push(candidate);
    while (at > 0 && before(candidate, best[at - 1])) {
      best[at] = best[at - 1];
      at--;
    }
    best[at] = candidate;
  }
  return best;
}

function withMissing(summary: string, missing: number): string {
  return missing > 0 ? `${summary}; ${missing} missing` : summary;
}

function isoDate(ms: number): string | null {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}
