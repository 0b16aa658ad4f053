/**
 * The preprocessing subgraph: raw feature inputs → the design matrix, mirroring
 * `core/model/features.ts` value for value.
 *
 * Inputs: one per feature, named exactly as the column, shape [N, 1]: float32 for numeric
 * features (NaN = missing), string for categorical ones ('' = missing).
 *
 * Numeric feature (one block, [N, 1] float32):
 *   x ─ Imputer(NaN → impute) ─ Cast(double) ─ Sub(mean) ─ Div(std) ─ Cast(float)
 *   The studio computes float32((x − mean) / std) in float64; the same steps in double give the
 *   same bits. (A `Scaler` computes (x − offset) · float32(1 / std) in float32, which can be off
 *   by an ulp of the design value; the double steps leave nothing to explain.)
 *
 * Categorical feature with K categories (one block, [N, K] float32, or [N, K + 1] with `other`):
 *   s ─ OneHotEncoder(cats = [...categories, ''], zeros = 1) ─ Flatten(axis 1) ─ Gemm(M, C)
 *   The encoder gives [N, 1, K + 1]: one column per category and a last one for '' (missing);
 *   an unseen value gives a row of zeros. M is the (K + 1) × K identity with its last row
 *   replaced by the impute value's row (all zeros when the impute value is not a category), so
 *   a missing value encodes as the impute value, as in the studio. With `other`, M has one more
 *   column, −(row sum of the others), and C = [0 … 0, 1]: the (other) column is 1 exactly when
 *   no category column is set. Every product is 0 or ±1, so the block is exact.
 *
 * Date feature (one block, [N, 5] float32): the input is days since 1970-01-01 UTC (float32).
 *   x ─ Cast(double) ─ Floor ─ civil_from_days (Add, Sub, Mul, Div + Floor on whole numbers) ─
 *   [year, month, day of week, day of year, x − origin] ─ Concat ─ Where(IsNaN, impute) ─
 *   Sub(mean) ─ Div(std) ─ Cast(float)
 *   Every step is the float64 arithmetic `dateParts` in features.ts does, in the same order, so
 *   the block equals the studio's design columns bit for bit.
 *
 * Tree models' features (`encoding` 'raw' / 'ordinal', see features.ts):
 *   raw number: x ─ Identity: the float32 input is the design value, NaN (missing) included, for
 *     the tree ensemble's learned missing direction (`nodes_missing_value_tracks_true`).
 *   raw date: the parts as above, then Cast(float): no Where, Sub or Div, so a missing date's
 *     parts stay NaN (every step of a NaN day gives NaN, as `dateParts` does).
 *   ordinal category (one block, [N, 1] float32):
 *     s ─ LabelEncoder(keys = categories, values = 0 … K − 1, default NaN)
 *     Missing (''), rare and unseen values are not keys, so they get the default NaN, as in the
 *     studio. The codes are small whole numbers, exact in float32.
 *
 * Blocks are joined with Concat(axis 1) in feature order: the design matrix [N, width] float32.
 */
import type { CategoricalFeature, DateExpansion, NumericFeature, Preprocessor } from '../../model/types';
import { DATE_PARTS } from '../../model/features';
import { DATA_TYPE, attr } from './builder';
import type { GraphBuilder } from './builder';
import { ExportError } from './errors';

export interface DesignValue {
  /** The name of the design matrix value: [N, width] float32. */
  name: string;
  width: number;
}

function numberText(x: number): string {
  return Number.isNaN(x) ? 'not a number' : String(x);
}

function checkNumeric(f: NumericFeature): void {
  if (f.encoding !== undefined && f.encoding !== 'standardised' && f.encoding !== 'raw') {
    throw new ExportError(`The feature ${f.name} has an encoding the exporter does not know (${String(f.encoding)}).`);
  }
  if (!Number.isFinite(f.impute)) {
    throw new ExportError(`The feature ${f.name} has no usable imputed value (${numberText(f.impute)}), so its missing values could not be filled in.`);
  }
  if (!Number.isFinite(f.mean)) throw new ExportError(`The feature ${f.name} has a mean of ${numberText(f.mean)}, so it cannot be standardised.`);
  if (!Number.isFinite(f.std) || f.std <= 0) {
    throw new ExportError(`The feature ${f.name} has a standard deviation of ${numberText(f.std)}; standardising needs a positive number.`);
  }
}

function checkDate(f: NumericFeature, date: DateExpansion): void {
  if (!Number.isFinite(date.origin)) throw new ExportError(`The feature ${f.name} has no first train date, so its days since the first date cannot be counted.`);
  for (const [what, list] of [['imputed values', date.impute], ['means', date.mean], ['standard deviations', date.std]] as const) {
    if (!Array.isArray(list) || list.length !== DATE_PARTS.length || list.some((v) => !Number.isFinite(v))) {
      throw new ExportError(`The feature ${f.name} does not have ${DATE_PARTS.length} usable ${what} for its date parts; train the model again.`);
    }
  }
  if (date.std.some((v) => v <= 0)) throw new ExportError(`The feature ${f.name} has a date part with a standard deviation that is not positive.`);
}

function checkCategorical(f: CategoricalFeature): void {
  if (!Array.isArray(f.categories) || f.categories.length === 0) {
    throw new ExportError(`The feature ${f.name} has no categories; a one-hot encoding needs at least one.`);
  }
  const seen = new Set<string>();
  for (const c of f.categories) {
    if (typeof c !== 'string') throw new ExportError(`The feature ${f.name} has a category that is not text (${String(c)}).`);
    if (c === '') {
      throw new ExportError(`The feature ${f.name} has the empty text as a category; the empty text is how a missing value arrives, so it cannot be a category of its own.`);
    }
    if (seen.has(c)) throw new ExportError(`The feature ${f.name} lists the category ${JSON.stringify(c)} twice.`);
    seen.add(c);
  }
  if (typeof f.impute !== 'string') throw new ExportError(`The feature ${f.name} has an imputed value that is not text.`);
  if (typeof f.other !== 'boolean') throw new ExportError(`The feature ${f.name} does not say whether it has an (other) column.`);
  if (f.encoding !== undefined && f.encoding !== 'one-hot' && f.encoding !== 'ordinal') {
    throw new ExportError(`The feature ${f.name} has an encoding the exporter does not know (${String(f.encoding)}).`);
  }
  if (f.encoding === 'ordinal' && f.other) throw new ExportError(`The feature ${f.name} is an ordinal code, which has no (other) column.`);
}

function numericBlock(g: GraphBuilder, f: NumericFeature, input: string): string {
  if (f.encoding === 'raw') {
    return g.addNode('Identity', [input], [`${f.name}:design`], {}, { docString: `${f.name}: as it is; a missing value stays NaN` })[0];
  }
  const [imputed] = g.addNode(
    'Imputer',
    [input],
    [`${f.name}:imputed`],
    { imputed_value_floats: attr.floats([f.impute]), replaced_value_float: attr.float(NaN) },
    { domain: 'ai.onnx.ml', docString: `${f.name}: a missing value (NaN) becomes ${f.impute}` },
  );
  const [wide] = g.addNode('Cast', [imputed], [`${f.name}:double`], { to: attr.int(DATA_TYPE.float64) });
  const mean = g.addInitializer(`${f.name}:mean`, Float64Array.of(f.mean), [1]);
  const std = g.addInitializer(`${f.name}:std`, Float64Array.of(f.std), [1]);
  const [centred] = g.addNode('Sub', [wide, mean], [`${f.name}:centred`]);
  const [scaled] = g.addNode('Div', [centred, std], [`${f.name}:scaled`], {}, { docString: `${f.name}: (x − ${f.mean}) / ${f.std}` });
  const [block] = g.addNode('Cast', [scaled], [`${f.name}:design`], { to: attr.int(DATA_TYPE.float32) });
  return block;
}

/** The date parts of `dateParts` (features.ts), imputed and standardised: see the top of this file. */
function dateBlock(g: GraphBuilder, f: NumericFeature, date: DateExpansion, input: string): string {
  const n = f.name;
  const constants = new Map<number, string>();
  const c = (v: number): string => {
    let name = constants.get(v);
    if (name === undefined) constants.set(v, (name = g.addInitializer(`${n}:${v}`, Float64Array.of(v), [1])));
    return name;
  };
  const op = (type: string, inputs: string[], hint: string): string => g.addNode(type, inputs, [`${n}:${hint}`])[0];
  const add = (a: string, b: string, hint = 'add'): string => op('Add', [a, b], hint);
  const sub = (a: string, b: string, hint = 'sub'): string => op('Sub', [a, b], hint);
  const mul = (a: string, k: number): string => op('Mul', [a, c(k)], 'mul');
  const floorDiv = (a: string, k: number, hint = 'floordiv'): string => op('Floor', [op('Div', [a, c(k)], 'div')], hint);

  const [x] = g.addNode('Cast', [input], [`${n}:days`], { to: attr.int(DATA_TYPE.float64) });
  const d = op('Floor', [x], 'day');
  const z = add(d, c(719468), 'z');
  const era = floorDiv(z, 146097, 'era');
  const doe = sub(z, mul(era, 146097), 'doe');
  const yoe = floorDiv(sub(add(sub(doe, floorDiv(doe, 1460)), floorDiv(doe, 36524)), floorDiv(doe, 146096)), 365, 'yoe');
  const doy = sub(doe, sub(add(mul(yoe, 365), floorDiv(yoe, 4)), floorDiv(yoe, 100)), 'doy');
  const mp = floorDiv(add(mul(doy, 5), c(2)), 153, 'mp');
  const wrap = floorDiv(mp, 10, 'wrap');
  const month = sub(add(mp, c(3)), mul(wrap, 12), 'month');
  const year = add(add(yoe, mul(era, 400)), wrap, 'year');
  const y = sub(year, c(1));
  const era1 = floorDiv(y, 400);
  const yoe1 = sub(y, mul(era1, 400));
  const jan1 = sub(add(sub(add(add(mul(era1, 146097), mul(yoe1, 365)), floorDiv(yoe1, 4)), floorDiv(yoe1, 100)), c(306)), c(719468), 'jan1');
  const dayOfYear = add(sub(d, jan1), c(1), 'day_of_year');
  const d4 = add(d, c(4));
  const dayOfWeek = sub(d4, mul(floorDiv(d4, 7), 7), 'day_of_week');
  const since = sub(x, c(date.origin), 'days_since_first');

  const [parts] = g.addNode('Concat', [year, month, dayOfWeek, dayOfYear, since], [`${n}:parts`], { axis: attr.int(1) }, { docString: `${n}: ${DATE_PARTS.join(', ')}` });
  if (f.encoding === 'raw') return g.addNode('Cast', [parts], [`${n}:design`], { to: attr.int(DATA_TYPE.float32) }, { docString: `${n}: the parts as they are; a missing date's stay NaN` })[0];
  const impute = g.addInitializer(`${n}:impute`, Float64Array.from(date.impute), [DATE_PARTS.length]);
  const mean = g.addInitializer(`${n}:mean`, Float64Array.from(date.mean), [DATE_PARTS.length]);
  const std = g.addInitializer(`${n}:std`, Float64Array.from(date.std), [DATE_PARTS.length]);
  const [filled] = g.addNode('Where', [op('IsNaN', [parts], 'missing'), impute, parts], [`${n}:filled`], {}, { docString: `${n}: a missing date's parts become ${date.impute.join(', ')}` });
  const [scaled] = g.addNode('Div', [sub(filled, mean, 'centred'), std], [`${n}:scaled`]);
  const [block] = g.addNode('Cast', [scaled], [`${n}:design`], { to: attr.int(DATA_TYPE.float32) });
  return block;
}

/** An ordinal category code: see the top of this file. */
function ordinalBlock(g: GraphBuilder, f: CategoricalFeature, input: string): string {
  const [block] = g.addNode(
    'LabelEncoder',
    [input],
    [`${f.name}:design`],
    { keys_strings: attr.strings(f.categories), values_floats: attr.floats(f.categories.map((_, i) => i)), default_float: attr.float(NaN) },
    { domain: 'ai.onnx.ml', docString: `${f.name}: each category as its code in train order (${f.categories.length} codes); missing, rare and unseen values NaN` },
  );
  g.addValueInfo(block, 'float32', ['N', 1]);
  return block;
}

function categoricalBlock(g: GraphBuilder, f: CategoricalFeature, input: string): string {
  if (f.encoding === 'ordinal') return ordinalBlock(g, f, input);
  const k = f.categories.length;
  const width = k + (f.other ? 1 : 0);
  const [hot] = g.addNode(
    'OneHotEncoder',
    [input],
    [`${f.name}:onehot`],
    { cats_strings: attr.strings([...f.categories, '']), zeros: attr.int(1) },
    { domain: 'ai.onnx.ml', docString: `${f.name}: one column per category, then one for the empty text (missing); unseen values give zeros` },
  );
  // ai.onnx.ml's schema infers no type for OneHotEncoder's output; the checker needs one for Flatten.
  g.addValueInfo(hot, 'float32', ['N', 1, k + 1]);
  const [flat] = g.addNode('Flatten', [hot], [`${f.name}:onehot2d`], { axis: attr.int(1) });

  const m = new Float32Array((k + 1) * width);
  for (let i = 0; i < k; i++) m[i * width + i] = 1;
  const imputed = f.categories.indexOf(f.impute);
  if (imputed >= 0) m[k * width + imputed] = 1;
  if (f.other) {
    for (let i = 0; i <= k; i++) {
      let sum = 0;
      for (let j = 0; j < k; j++) sum += m[i * width + j];
      m[i * width + k] = -sum;
    }
  }
  const inputs = [flat, g.addInitializer(`${f.name}:map`, m, [k + 1, width])];
  if (f.other) {
    const c = new Float32Array(width);
    c[k] = 1;
    inputs.push(g.addInitializer(`${f.name}:other`, c, [width]));
  }
  const doc =
    `${f.name}: a missing value encodes as ` +
    (imputed >= 0 ? JSON.stringify(f.impute) : f.other ? 'the (other) column' : 'zeros') +
    (f.other ? '; the last column is (other): 1 when no category column is set' : '');
  const [block] = g.addNode('Gemm', inputs, [`${f.name}:design`], {}, { docString: doc });
  return block;
}

/** What an input holds, in words (its doc string). */
function inputDoc(f: NumericFeature | CategoricalFeature): string {
  if (f.kind === 'categorical') return `${f.name}: text; the empty text when missing`;
  const holds =
    f.sourceType === 'date'
      ? f.date !== undefined
        ? 'a date as days since 1970-01-01 UTC (a fraction for the time of day), rounded down to float32'
        : 'a date as milliseconds since 1970-01-01 UTC'
      : f.sourceType === 'boolean'
        ? 'true as 1, false as 0'
        : 'a number';
  return `${f.name}: ${holds}; NaN when missing`;
}

/** Design-matrix columns one feature takes (as `featureWidth` in features.ts). */
function widthOf(f: NumericFeature | CategoricalFeature): number {
  if (f.kind === 'numeric') return f.date !== undefined ? DATE_PARTS.length : 1;
  return f.encoding === 'ordinal' ? 1 : f.categories.length + (f.other ? 1 : 0);
}

/**
 * Adds one input per feature and the preprocessing subgraph to `g`; returns the design matrix
 * value. Throws ExportError (naming the feature) when a fitted value cannot be expressed.
 */
export function emitPreprocessing(g: GraphBuilder, preprocessor: Preprocessor): DesignValue {
  const features = preprocessor.features;
  if (!Array.isArray(features) || features.length === 0) throw new ExportError('The model has no features, so the exported graph would have no inputs.');
  const seen = new Set<string>();
  for (const f of features) {
    if (typeof f.name !== 'string' || f.name === '') throw new ExportError('A feature has no name; each graph input is named after its column.');
    if (seen.has(f.name)) throw new ExportError(`The feature ${f.name} appears twice; each column can be one input only.`);
    seen.add(f.name);
    if (f.kind === 'numeric') {
      checkNumeric(f);
      if (f.date !== undefined) checkDate(f, f.date);
    }
    else if (f.kind === 'categorical') checkCategorical(f);
    else throw new ExportError(`The feature ${(f as { name: string }).name} is of a kind the exporter does not know (${String((f as { kind: unknown }).kind)}).`);
  }
  const width = features.reduce((sum, f) => sum + widthOf(f), 0);
  if (width !== preprocessor.width) {
    throw new ExportError(`The preprocessing says it gives ${preprocessor.width} design columns, but its features make ${width}; it was not stored whole.`);
  }

  for (const f of features) g.addInput(f.name, f.kind === 'numeric' ? 'float32' : 'string', ['N', 1], inputDoc(f));
  const blocks = features.map((f) =>
    f.kind === 'categorical' ? categoricalBlock(g, f, f.name) : f.date !== undefined ? dateBlock(g, f, f.date, f.name) : numericBlock(g, f, f.name),
  );
  if (blocks.length === 1) return { name: blocks[0], width };
  const [design] = g.addNode('Concat', blocks, ['design'], { axis: attr.int(1) }, { docString: 'The design matrix: feature blocks in feature order' });
  return { name: design, width };
}
