/**
 * Preprocessing: turning raw rows into the model's input matrix. It is part of the model (see
 * DESIGN.md, "Preprocessing is part of the model"): every constant is fitted on the train part
 * only, stored with the model, and mirrored exactly by the ONNX exporter, so the same raw row
 * gives the same design row in the studio and in the exported graph.
 *
 * What each column type becomes:
 * - number, integer: a numeric feature.
 * - date: a numeric feature over milliseconds since 1970-01-01 UTC (as float32: a resolution of
 *   about 2 minutes for dates in this century, plenty for dates).
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
 * contract. Values are matched exactly: no trimming, case matters.
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
 * The design matrix's columns follow the order of `features` as chosen; a categorical feature
 * takes one column per category (plus the other column if it has one).
 */
import type { Frame } from '../data/frame';
import type { ColumnType, ColumnValues } from '../data/columns';
import { TYPE_NOUN, columnValues, convertValue, hasColumn, quote, toScalar, valueText } from '../data/recipe/frame-ops';
import { ModelError } from './errors';
import type { CategoricalFeature, DesignMatrix, FittedFeature, NumericFeature, Preprocessor } from './types';

/** Default cap on one-hot columns per categorical feature. */
export const MAX_CATEGORIES = 30;

export interface PreprocessorOptions {
  /** Train rows a category needs to get its own column; default `defaultMinCategoryCount(train rows)`. */
  minCategoryCount?: number;
  /** Most one-hot columns per categorical feature; default 30. */
  maxCategories?: number;
  /** The target column, which must not also be a feature. */
  target?: string;
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
    return isNumericFeatureType(info.type)
      ? fitNumeric(name, info.type, values, trainPositions)
      : fitCategorical(name, info.type, values, trainPositions, minCount, maxCategories);
  });
  return describePreprocessor(fitted);
}

/** A preprocessor from fitted features: its width and design-matrix column names. */
export function describePreprocessor(features: FittedFeature[]): Preprocessor {
  const columnNames: string[] = [];
  for (const f of features) {
    if (f.kind === 'numeric') columnNames.push(f.name);
    else {
      for (const c of f.categories) columnNames.push(`${f.name}=${c}`);
      if (f.other) columnNames.push(`${f.name}=(other)`);
    }
  }
  return { features, width: columnNames.length, columnNames };
}

/** Design-matrix columns one feature takes. */
export function featureWidth(feature: FittedFeature): number {
  return feature.kind === 'numeric' ? 1 : feature.categories.length + (feature.other ? 1 : 0);
}

function noValues(name: string): ModelError {
  return new ModelError(`The feature ${name} has no values in the train part (it is missing in every train row). Leave it out, or fill it in with the Clean step.`);
}

function fitNumeric(name: string, type: ColumnType, values: ColumnValues, positions: ArrayLike<number>): NumericFeature {
  const feature: NumericFeature = { kind: 'numeric', name, sourceType: type, impute: NaN, mean: 0, std: 1 };
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

// ---- Raw values as the ONNX inputs hold them ----

/**
 * A raw value as a numeric feature's ONNX input: a float32 number, NaN for missing. Accepts
 * numbers, booleans (1/0), Dates (epoch ms) and text (read by the ingest rules for the feature's
 * column type, e.g. '2024-05-01' for a date, 'true' for a boolean, 'NA' or '' as missing); null
 * and undefined are missing. Throws ModelError for a value that is not of the feature's kind.
 */
export function numericInput(feature: NumericFeature, value: unknown): number {
  if (value === null || value === undefined) return NaN;
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
  if (values instanceof Float64Array) {
    const x = values[row];
    return x === x && Number.isFinite(x) ? Math.fround(x) : x === x ? numericInput(feature, x) : NaN;
  }
  return numericInput(feature, (values as ArrayLike<unknown>)[row]);
}

// ---- Encoding ----

/** Writes one feature's design columns for one raw input into `out` at `offset`. */
type Encoder = (out: Float32Array, offset: number, input: number | string) => void;

function numericEncoder(f: NumericFeature): Encoder {
  return (out, offset, input) => {
    const x = (input as number) !== (input as number) ? f.impute : (input as number);
    out[offset] = (x - f.mean) / f.std;
  };
}

function categoricalEncoder(f: CategoricalFeature): Encoder {
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

function encoderOf(f: FittedFeature): Encoder {
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
