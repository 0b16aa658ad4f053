/**
 * Preprocessing: turning raw rows into the model's input matrix. It is part of the model (see
 * docs/architecture.md, "Preprocessing is part of the model"): every constant is fitted on the
 * train part only, stored with the model, and mirrored exactly by the ONNX exporter, so the same
 * raw row gives the same design row in the studio and in the exported graph.
 *
 * What each column type becomes:
 * - number, integer: a numeric feature.
 * - date: a date feature. Its input is the date as days since 1970-01-01 UTC (float32, fractional
 *   for a time of day, rounded down so the day is always the date's own: `dateInput`; epoch
 *   milliseconds would not fit a float32, which keeps them only to about 2 minutes). It expands
 *   into `DATE_PARTS`: year, month, day of week (0 = Sunday), day of year (1 = 1 January) and days
 *   since the earliest train date (fitted on train rows), each then imputed with its train median
 *   and standardised like a number, in float64, and written as float32. The ONNX graph computes
 *   the same parts from the same float32 input with the same float64 arithmetic
 *   (`civil_from_days`), so the two agree bit for bit.
 * - boolean: a numeric feature, true = 1 and false = 0 (so its ONNX input stays `float32`).
 * - text: a categorical feature (ONNX input `string`).
 *
 * Numeric features. A raw value is first rounded to float32, as the ONNX input holds it
 * (`numericInput`; NaN = missing); the fitted statistics are computed from those float32 values
 * and stored rounded to float32, so the exporter writes exactly the numbers the studio uses
 * (a float64 mean written as a float32 offset would shift standardised dates by up to 65 s / std,
 * 3e-4 for dates a week apart: enough to break the 1e-4 parity of the exported graph).
 * - impute: the median of the train values that are present (even count: the mean of the two
 *   middle values, so a boolean split exactly in half imputes 0.5).
 * - mean, std: of the train values after imputation (as a scikit-learn `SimpleImputer` →
 *   `StandardScaler` pipeline does), population std (divide by n). A constant column has
 *   std 0 and keeps std 1, so it maps to 0.
 * - design value: `float32((x − mean) / std)` with x the imputed float32 input (ONNX: `Imputer`
 *   then `Scaler` with offset = mean, scale = 1 / std).
 *
 * Categorical features. A raw value becomes text (`categoricalInput`: numbers as written,
 * booleans as 'true'/'false', dates as ISO text); `''` (and null) is missing, as in the ONNX
 * contract (docs/architecture.md). Values are matched exactly: no trimming, case matters.
 * - impute: the most frequent train value (ties: the smallest in code-unit order).
 * - categories: the train values seen in at least `minCategoryCount` train rows, most frequent
 *   first (ties: code-unit order), at most `maxCategories` of them. The most frequent value is
 *   always kept, so a categorical feature never has zero width (ONNX's OneHotEncoder needs at
 *   least one category).
 * - design columns: one-hot over `categories`. Rare values, values beyond the cap and values
 *   never seen in training all encode as ALL ZEROS: `fitPreprocessor` always sets
 *   `other: false` (ONNX: `OneHotEncoder` with `zeros = 1`). Nothing is lost by that: with one
 *   column per kept category, "all zeros" already marks "some other value", and an explicit
 *   (other) column would be their sum's complement. A preprocessor made elsewhere with
 *   `other: true` is honoured: one more column, `name=(other)`, set for every value outside
 *   `categories`.
 * - missing values (`''`) take the imputed value before encoding (ONNX: map `''` to `impute`
 *   ahead of the OneHotEncoder; ai.onnx.ml's Imputer takes numbers only).
 *
 * Tree models (`options.trees`, docs/tree-encoding.md) take the same inputs otherwise: numbers
 * and date parts as they are (`encoding: 'raw'`: no imputation, no scaling; a missing value stays
 * NaN for the trees' learned missing direction, and thresholds read in the column's own units),
 * and each categorical feature as one ordinal code (`encoding: 'ordinal'`, `ordinal-encoding.ts`;
 * missing, rare and unseen values NaN). The statistics above are still fitted and stored.
 *
 * The design matrix's columns follow the order of `features` as chosen; a categorical feature
 * takes one column per category (plus the other column if it has one), or one if ordinal.
 */
import { civilFromDays, daysFromCivil } from '../calendar';
import type { Frame } from '../data/frame';
import type { ColumnType, ColumnValues } from '../data/columns';
import { TYPE_NOUN, columnValues, convertValue, hasColumn, quote, toScalar, valueText } from '../data/recipe/frame-ops';
import { ModelError } from './errors';
import { fitOrdinalFeature, ordinalCode, ordinalCodes } from './ordinal-encoding';
import type { EncodingTarget } from './ordinal-encoding';
import type { CategoricalFeature, DateExpansion, DesignMatrix, FittedFeature, NumericFeature, Preprocessor } from './types';

/** What a date feature expands into, in design-column order. */
export const DATE_PARTS = ['year', 'month', 'day of week', 'day of year', 'days since first'] as const;

export const DAY_MS = 86_400_000;

const f32 = new Float32Array(1);
const f32bits = new Int32Array(f32.buffer);

/**
 * A date (epoch ms) as a date feature's input: days since 1970-01-01 UTC, the largest float32
 * not after it. A float32 holds this century's day counts to about 1/500 of a day; rounding down
 * keeps a time just before midnight on its own day.
 */
export function dateInput(ms: number): number {
  const days = ms / DAY_MS;
  const f = Math.fround(days);
  if (!(f > days)) return f;
  f32[0] = f;
  f32bits[0] += f > 0 ? -1 : 1;
  return f32[0];
}

/**
 * The parts of a date given as its input (days since 1970-01-01 UTC), in `DATE_PARTS` order,
 * written to `out` from `offset`; all NaN for a missing date. Float64 arithmetic on whole numbers
 * (the calendar of `core/calendar`), exactly as the exported graph does it.
 */
export function dateParts(days: number, origin: number, out: Float64Array | Float32Array | number[], offset = 0): void {
  if (days !== days) {
    for (let j = 0; j < DATE_PARTS.length; j++) out[offset + j] = NaN;
    return;
  }
  const d = Math.floor(days);
  const { year, month } = civilFromDays(d);
  out[offset] = year;
  out[offset + 1] = month;
  // 1970-01-01 was a Thursday (4).
  out[offset + 2] = d + 4 - 7 * Math.floor((d + 4) / 7);
  out[offset + 3] = d - daysFromCivil(year, 1, 1) + 1;
  out[offset + 4] = days - origin;
}

/** Default cap on one-hot columns per categorical feature. */
export const MAX_CATEGORIES = 30;

export interface PreprocessorOptions {
  /** Train rows a category needs to get its own column; default `defaultMinCategoryCount(train rows)`. */
  minCategoryCount?: number;
  /** Most one-hot columns per categorical feature; default 30. */
  maxCategories?: number;
  /** The target column, which must not also be a feature. */
  target?: string;
  /**
   * Fit for a tree model (see `usesTreeEncoding`): numbers and dates raw (missing kept NaN),
   * categories as ordinal codes ordered with this train target (`ordinal-encoding.ts`).
   */
  trees?: EncodingTarget;
}

/**
 * Train rows a category needs by default: 5, but 1% of the train rows (at least 2) for train
 * parts under 400 rows, so small teaching datasets keep their categories. A category seen once
 * cannot be learned from; one seen in a handful of rows gives a weight that mostly fits noise.
 */
export function defaultMinCategoryCount(trainRows: number): number {
  return Math.min(5, Math.max(2, Math.ceil(trainRows * 0.01)));
}

/** Whether a column of this type becomes a numeric feature (everything but text). */
export function isNumericFeatureType(type: ColumnType): boolean {
  return type !== 'text';
}

/**
 * Checks a choice of features before anything is fitted; throws ModelError with the reason.
 * `target` (when given) must not be among them.
 */
export function checkFeatures(frame: Frame, features: readonly string[], target?: string): void {
  if (features.length === 0) throw new ModelError('Choose at least one feature column to train on.');
  const seen = new Set<string>();
  for (const name of features) {
    if (seen.has(name)) throw new ModelError(`The column ${name} is chosen twice as a feature; choose each column once.`);
    seen.add(name);
    if (name === target) {
      throw new ModelError(`${name} is the target, so it cannot also be a feature: the model would be given the answer it has to predict.`);
    }
    if (!hasColumn(frame, name)) throw new ModelError(`There is no column ${name} in the data (any more); choose the features again.`);
  }
}

/**
 * Fits the preprocessing on the train rows (`trainPositions`: row positions in the frame's table)
 * and nothing else. Throws ModelError when the features cannot be used (see `checkFeatures`, or
 * a feature with no value in any train row).
 */
export function fitPreprocessor(
  frame: Frame,
  trainPositions: Int32Array | readonly number[],
  features: readonly string[],
  options: PreprocessorOptions = {},
): Preprocessor {
  checkFeatures(frame, features, options.target);
  const n = trainPositions.length;
  if (n === 0) throw new ModelError('The train part has no rows, so there is nothing to fit the features on.');
  const minCount = options.minCategoryCount ?? defaultMinCategoryCount(n);
  const maxCategories = options.maxCategories ?? MAX_CATEGORIES;
  if (!Number.isInteger(minCount) || minCount < 1) throw new ModelError(`The least rows per category must be a whole number of at least 1, not ${minCount}.`);
  if (!Number.isInteger(maxCategories) || maxCategories < 1) throw new ModelError(`The most categories per column must be a whole number of at least 1, not ${maxCategories}.`);

  const fitted: FittedFeature[] = features.map((name) => {
    const info = frame.columns.find((c) => c.name === name)!;
    const values = columnValues(frame, name);
    if (!isNumericFeatureType(info.type)) {
      return options.trees === undefined
        ? fitCategorical(name, info.type, values, trainPositions, minCount, maxCategories)
        : fitOrdinal(name, info.type, values, trainPositions, options.trees, minCount);
    }
    const feature = info.type === 'date' ? fitDate(name, values, trainPositions) : fitNumeric(name, info.type, values, trainPositions);
    if (options.trees !== undefined) feature.encoding = 'raw';
    return feature;
  });
  return describePreprocessor(fitted);
}

/** A preprocessor from fitted features: its width and design-matrix column names. */
export function describePreprocessor(features: FittedFeature[]): Preprocessor {
  const columnNames: string[] = [];
  for (const f of features) {
    if (f.kind === 'numeric' && f.date !== undefined) for (const part of DATE_PARTS) columnNames.push(`${f.name} (${part})`);
    else if (f.kind === 'numeric' || f.encoding === 'ordinal') columnNames.push(f.name);
    else {
      for (const c of f.categories) columnNames.push(`${f.name}=${c}`);
      if (f.other) columnNames.push(`${f.name}=(other)`);
    }
  }
  return { features, width: columnNames.length, columnNames };
}

/** Design-matrix columns one feature takes. */
export function featureWidth(feature: FittedFeature): number {
  if (feature.kind === 'numeric') return feature.date !== undefined ? DATE_PARTS.length : 1;
  return feature.encoding === 'ordinal' ? 1 : feature.categories.length + (feature.other ? 1 : 0);
}

function noValues(name: string): ModelError {
  return new ModelError(`The feature ${name} has no values in the train part (it is missing in every train row). Leave it out, or fill it in with the Clean step.`);
}

function fitNumeric(name: string, type: ColumnType, values: ColumnValues, positions: ArrayLike<number>, asDate = false): NumericFeature {
  const feature: NumericFeature = { kind: 'numeric', name, sourceType: type, impute: NaN, mean: 0, std: 1 };
  // Marks the input as days (see `dateInput`) while fitting; `fitDate` fills in the parts.
  if (asDate) feature.date = { origin: 0, impute: [], mean: [], std: [] };
  const n = positions.length;
  const present = new Float64Array(n);
  let count = 0;
  let missing = 0;
  for (let k = 0; k < n; k++) {
    const x = cellNumber(feature, values, positions[k]);
    if (x !== x) missing++;
    else present[count++] = x;
  }
  if (count === 0) throw noValues(name);
  const sorted = present.subarray(0, count).sort();
  const mid = count >> 1;
  const impute = Math.fround(count % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2);

  // Two passes over the imputed values (in float64) for an accurate population std.
  let sum = missing * impute;
  for (let k = 0; k < count; k++) sum += sorted[k];
  const mean = sum / n;
  let squares = missing * (impute - mean) * (impute - mean);
  for (let k = 0; k < count; k++) squares += (sorted[k] - mean) * (sorted[k] - mean);
  const std = Math.fround(Math.sqrt(squares / n));
  feature.impute = impute;
  feature.mean = Math.fround(mean);
  feature.std = std > 0 && Number.isFinite(std) ? std : 1;
  return feature;
}

/**
 * A date feature: the input days' own statistics (as for a number: what serving shows as the
 * typical value, what a missing input stands for), then each part's median, mean and std over
 * the train rows, the parts of a missing date taking the median.
 */
function fitDate(name: string, values: ColumnValues, positions: ArrayLike<number>): NumericFeature {
  const base = fitNumeric(name, 'date', values, positions, true);
  const n = positions.length;
  const inputs = new Float64Array(n);
  let origin = Infinity;
  for (let k = 0; k < n; k++) {
    const x = cellNumber(base, values, positions[k]);
    inputs[k] = x;
    if (x < origin) origin = x;
  }
  const width = DATE_PARTS.length;
  const date: DateExpansion = { origin, impute: [], mean: [], std: [] };
  const parts = new Float64Array(n * width);
  for (let k = 0; k < n; k++) dateParts(inputs[k], origin, parts, k * width);
  for (let j = 0; j < width; j++) {
    const present: number[] = [];
    for (let k = 0; k < n; k++) {
      const v = parts[k * width + j];
      if (v === v) present.push(v);
    }
    present.sort((a, b) => a - b);
    const count = present.length;
    const mid = count >> 1;
    const impute = count % 2 === 1 ? present[mid] : (present[mid - 1] + present[mid]) / 2;
    const missing = n - count;
    let sum = missing * impute;
    for (const v of present) sum += v;
    const mean = sum / n;
    let squares = missing * (impute - mean) * (impute - mean);
    for (const v of present) squares += (v - mean) * (v - mean);
    const std = Math.sqrt(squares / n);
    date.impute.push(impute);
    date.mean.push(mean);
    date.std.push(std > 0 && Number.isFinite(std) ? std : 1);
  }
  return { ...base, date };
}

function fitCategorical(
  name: string,
  type: ColumnType,
  values: ColumnValues,
  positions: ArrayLike<number>,
  minCount: number,
  maxCategories: number,
): CategoricalFeature {
  const counts = new Map<string, number>();
  const source = values as ArrayLike<unknown>;
  for (let k = 0; k < positions.length; k++) {
    const s = categoricalInput(source[positions[k]]);
    if (s !== '') counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  if (counts.size === 0) throw noValues(name);
  const ranked = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const categories: string[] = [];
  for (const [value, count] of ranked) {
    if (categories.length >= maxCategories) break;
    if (count >= minCount || categories.length === 0) categories.push(value);
  }
  return { kind: 'categorical', name, sourceType: type, impute: ranked[0][0], categories, other: false };
}

/** An ordinal categorical feature for a tree model (see `ordinal-encoding.ts`). */
function fitOrdinal(name: string, type: ColumnType, values: ColumnValues, positions: ArrayLike<number>, target: EncodingTarget, minCount: number): CategoricalFeature {
  const source = values as ArrayLike<unknown>;
  const cells = Array.from({ length: positions.length }, (_, k) => categoricalInput(source[positions[k]]));
  const feature = fitOrdinalFeature(name, type, cells, target, minCount);
  if (feature === null) throw noValues(name);
  return feature;
}

// ---- Raw values as the ONNX inputs hold them ----

/**
 * A raw value as a numeric feature's ONNX input: a float32 number, NaN for missing. Accepts
 * numbers, booleans (1/0), Dates (epoch ms) and text (read by the ingest rules for the feature's
 * column type, e.g. '2024-05-01' for a date, 'true' for a boolean, 'NA' or '' as missing); null
 * and undefined are missing. Throws ModelError for a value that is not of the feature's kind.
 */
export function numericInput(feature: NumericFeature, value: unknown): number {
  if (value === null || value === undefined) return NaN;
  if (feature.date !== undefined) return dateFeatureInput(feature, value);
  if (typeof value === 'number') {
    if (value !== value) return NaN;
    if (Number.isFinite(value)) return Math.fround(value);
  }
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return Math.fround(value.getTime());
  const as: ColumnType = feature.sourceType === 'boolean' || feature.sourceType === 'date' ? feature.sourceType : 'number';
  const x = convertValue(value, as);
  if (x === null) return NaN;
  if (typeof x === 'boolean') return x ? 1 : 0;
  if (typeof x === 'number') return x !== x ? NaN : Math.fround(x);
  const noun = TYPE_NOUN[as];
  throw new ModelError(`${quote(toScalar(value))} is not ${noun.one}; the feature ${feature.name} takes ${noun.many}.`);
}

/** A raw value as a date feature's input (see `dateInput`): Dates, epoch ms or text in a date form. */
function dateFeatureInput(feature: NumericFeature, value: unknown): number {
  const ms = value instanceof Date ? value.getTime() : convertValue(value, 'date');
  if (typeof ms === 'number') return ms !== ms ? NaN : dateInput(ms);
  const noun = TYPE_NOUN.date;
  throw new ModelError(`${quote(toScalar(value))} is not ${noun.one}; the feature ${feature.name} takes ${noun.many}.`);
}

/**
 * A raw value as the ONNX input of a column the graph takes as it is (a recipe's input) of type
 * `type`: float32, NaN for missing; dates as days since 1970-01-01 UTC (`dateInput`). Throws
 * ModelError for a value that is not of the column's kind.
 */
export function columnInput(name: string, type: ColumnType, value: unknown): number {
  const feature: NumericFeature = { kind: 'numeric', name, sourceType: type, impute: 0, mean: 0, std: 1 };
  if (type === 'date') feature.date = { origin: 0, impute: [], mean: [], std: [] };
  return numericInput(feature, value);
}

/**
 * A raw value as a categorical feature's ONNX input: text, `''` for missing (null, undefined,
 * NaN, an invalid date, or the empty text). Numbers are written as by `String`, booleans as
 * 'true'/'false', dates as ISO text (YYYY-MM-DD at midnight UTC).
 */
export function categoricalInput(value: unknown): string {
  return valueText(value) ?? '';
}

/** One cell of a numeric feature's column, as `numericInput` gives it (fast paths for stored types). */
function cellNumber(feature: NumericFeature, values: ColumnValues, row: number): number {
  if (values instanceof Float64Array && feature.date === undefined) {
    const x = values[row];
    return x === x && Number.isFinite(x) ? Math.fround(x) : x === x ? numericInput(feature, x) : NaN;
  }
  return numericInput(feature, (values as ArrayLike<unknown>)[row]);
}

// ---- Encoding ----

/** Writes one feature's design columns for one raw input into `out` at `offset`. */
type Encoder = (out: Float32Array, offset: number, input: number | string) => void;

function numericEncoder(f: NumericFeature): Encoder {
  if (f.encoding === 'raw') return (out, offset, input) => void (out[offset] = input as number);
  return (out, offset, input) => {
    const x = (input as number) !== (input as number) ? f.impute : (input as number);
    out[offset] = (x - f.mean) / f.std;
  };
}

function categoricalEncoder(f: CategoricalFeature): Encoder {
  if (f.encoding === 'ordinal') {
    const codes = ordinalCodes(f);
    return (out, offset, input) => void (out[offset] = ordinalCode(codes, input as string));
  }
  const index = new Map<string, number>();
  f.categories.forEach((c, i) => index.set(c, i));
  const width = featureWidth(f);
  return (out, offset, input) => {
    const s = input === '' ? f.impute : (input as string);
    for (let j = 0; j < width; j++) out[offset + j] = 0;
    const i = index.get(s);
    if (i !== undefined) out[offset + i] = 1;
    else if (f.other) out[offset + f.categories.length] = 1;
  };
}

function dateEncoder(f: NumericFeature, date: DateExpansion): Encoder {
  const parts = new Float64Array(DATE_PARTS.length);
  if (f.encoding === 'raw') return (out, offset, input) => dateParts(input as number, date.origin, out, offset);
  return (out, offset, input) => {
    dateParts(input as number, date.origin, parts);
    for (let j = 0; j < parts.length; j++) {
      const v = parts[j] !== parts[j] ? date.impute[j] : parts[j];
      out[offset + j] = (v - date.mean[j]) / date.std[j];
    }
  };
}

function encoderOf(f: FittedFeature): Encoder {
  if (f.kind === 'numeric' && f.date !== undefined) return dateEncoder(f, f.date);
  return f.kind === 'numeric' ? numericEncoder(f) : categoricalEncoder(f);
}

/**
 * The design matrix of the frame's rows at `positions` (all rows, in table order, when omitted).
 * Missing values take the imputed value; unseen categories encode as described above. Throws
 * ModelError when a feature column is missing from the frame or a cell is not of its feature's
 * kind (e.g. text in a numeric feature's column).
 */
export function transform(preprocessor: Preprocessor, frame: Frame, positions?: Int32Array | readonly number[]): DesignMatrix {
  const rows = positions === undefined ? frame.table.numRows() : positions.length;
  const width = preprocessor.width;
  const values = new Float32Array(rows * width);
  let offset = 0;
  for (const f of preprocessor.features) {
    if (!hasColumn(frame, f.name)) throw new ModelError(`The data has no column ${f.name}, which the model takes as a feature.`);
    const column = columnValues(frame, f.name);
    const encode = encoderOf(f);
    for (let r = 0; r < rows; r++) {
      const row = positions === undefined ? r : positions[r];
      let input: number | string;
      try {
        input = f.kind === 'numeric' ? cellNumber(f, column, row) : categoricalInput((column as ArrayLike<unknown>)[row]);
      } catch (e) {
        if (e instanceof ModelError) throw new ModelError(`Row ${(row + 1).toLocaleString('en-US')}: ${e.message}`);
        throw e;
      }
      encode(values, r * width + offset, input);
    }
    offset += featureWidth(f);
  }
  return { rows, width, values };
}

/**
 * One raw row (a record keyed by column name: numbers, text, booleans, Dates, null) as one design
 * row, with the same semantics as `transform`. A feature absent from the record counts as missing.
 */
export function transformRecord(preprocessor: Preprocessor, record: Readonly<Record<string, unknown>>): Float32Array {
  const out = new Float32Array(preprocessor.width);
  let offset = 0;
  for (const f of preprocessor.features) {
    const raw = Object.prototype.hasOwnProperty.call(record, f.name) ? record[f.name] : undefined;
    encoderOf(f)(out, offset, f.kind === 'numeric' ? numericInput(f, raw) : categoricalInput(raw));
    offset += featureWidth(f);
  }
  return out;
}
