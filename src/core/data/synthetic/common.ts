/**
 * What the synthetic generators share: their options (names, ranges, validation), class sizes
 * under imbalance, missing-value injection and building the `ParsedTable`.
 *
 * Every generator works column by column on typed arrays (no per-row objects), draws every
 * random number from `core/random.ts`, and uses one forked stream per purpose (centres, labels,
 * features, missing cells …), so the same seed and options always give the same table.
 */
import type { ColumnInfo, ParsedColumn, ParsedTable } from '../columns';
import type { Random } from '../../random';

/** Options a generator may take; each generator lists the ones it uses in its option specs. */
export interface SyntheticOptions {
  /** Number of rows, 1 … 2,000,000. */
  rows?: number;
  /** Number of feature columns (the target is not counted), 1 … 100. */
  features?: number;
  /** Seed of the random stream: same seed and options, same table. Whole number 0 … 2^32 − 1. */
  seed?: number;
  /** How noisy the data is; its meaning and range depend on the generator. */
  noise?: number;
  /** Share of feature cells set missing, uniformly at random over all feature cells, 0 … 0.9. */
  missingShare?: number;
  /** Number of classes (clusters for blobs), 2 … 20. */
  classes?: number;
  /**
   * How unequal the class sizes are, 0 (balanced) … 0.95. Class k (k = 0, 1, …) gets a share of
   * the rows proportional to (1 − imbalance)^k, so class 0 is the largest and every further
   * class is smaller by the factor (1 − imbalance): with 3 classes, imbalance 0.5 gives
   * 57 % / 29 % / 14 %, and 0.9 gives 90 % / 9 % / 1 %.
   */
  imbalance?: number;
}

export type SyntheticOptionName = keyof SyntheticOptions;

/** Options with every value filled in and checked. */
export type ResolvedSyntheticOptions = Required<SyntheticOptions>;

/** Describes one option for a form: label, help text, default and range. */
export interface SyntheticOptionSpec {
  name: SyntheticOptionName;
  /** Short label, also used in error messages: 'Rows', 'Missing share'. */
  label: string;
  /** One sentence on what it does. */
  description: string;
  default: number;
  min: number;
  max: number;
  /** A sensible step for a number input. */
  step: number;
  /** True when only whole numbers are allowed. */
  integer: boolean;
}

/** Options a generator cannot use; the message says what is allowed and is shown to the user as is. */
export class SyntheticOptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SyntheticOptionsError';
  }
}

export const MAX_ROWS = 2_000_000;
export const MAX_FEATURES = 100;
export const MAX_SEED = 0xffffffff;
/** Feature cells one synthetic table may hold (about 160 MB of numbers). */
export const MAX_CELLS = 20_000_000;

export const rowsOption: SyntheticOptionSpec = {
  name: 'rows',
  label: 'Rows',
  description: 'How many rows to generate.',
  default: 1000,
  min: 1,
  max: MAX_ROWS,
  step: 1,
  integer: true,
};

export function featuresOption(defaultValue: number, description: string): SyntheticOptionSpec {
  return {
    name: 'features',
    label: 'Features',
    description,
    default: defaultValue,
    min: 1,
    max: MAX_FEATURES,
    step: 1,
    integer: true,
  };
}

export const seedOption: SyntheticOptionSpec = {
  name: 'seed',
  label: 'Seed',
  description: 'The same seed and options always give the same data; another seed gives other data.',
  default: 42,
  min: 0,
  max: MAX_SEED,
  step: 1,
  integer: true,
};

export function noiseOption(
  defaultValue: number,
  max: number,
  step: number,
  description: string,
): SyntheticOptionSpec {
  return { name: 'noise', label: 'Noise', description, default: defaultValue, min: 0, max, step, integer: false };
}

export const missingShareOption: SyntheticOptionSpec = {
  name: 'missingShare',
  label: 'Missing share',
  description:
    'Share of feature cells left empty, chosen uniformly at random over all feature cells (the target is never missing).',
  default: 0,
  min: 0,
  max: 0.9,
  step: 0.01,
  integer: false,
};

export function classesOption(label: string, defaultValue: number, description: string): SyntheticOptionSpec {
  return { name: 'classes', label, description, default: defaultValue, min: 2, max: 20, step: 1, integer: true };
}

export function imbalanceOption(description: string): SyntheticOptionSpec {
  return {
    name: 'imbalance',
    label: 'Imbalance',
    description,
    default: 0,
    min: 0,
    max: 0.95,
    step: 0.05,
    integer: false,
  };
}

const ALL_OPTION_NAMES: ReadonlySet<string> = new Set<SyntheticOptionName>([
  'rows',
  'features',
  'seed',
  'noise',
  'missingShare',
  'classes',
  'imbalance',
]);

function formatBound(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 10 });
}

/**
 * Fills in defaults and checks every option the generator takes. Options of other generators
 * are ignored (so one form's values can be passed to any generator); an option name no
 * generator knows is an error, as is any value out of range.
 */
export function resolveOptions(
  specs: readonly SyntheticOptionSpec[],
  options: SyntheticOptions | undefined,
): ResolvedSyntheticOptions {
  const given = (options ?? {}) as Record<string, unknown>;
  if (typeof given !== 'object' || given === null) throw new SyntheticOptionsError('Options must be an object.');
  for (const name of Object.keys(given)) {
    if (!ALL_OPTION_NAMES.has(name)) throw new SyntheticOptionsError(`Unknown option "${name}".`);
  }
  const resolved: ResolvedSyntheticOptions = {
    rows: 0,
    features: 0,
    seed: 0,
    noise: 0,
    missingShare: 0,
    classes: 0,
    imbalance: 0,
  };
  for (const spec of specs) {
    const raw = given[spec.name];
    const value = raw === undefined ? spec.default : raw;
    const ok =
      typeof value === 'number' &&
      Number.isFinite(value) &&
      value >= spec.min &&
      value <= spec.max &&
      (!spec.integer || Number.isInteger(value));
    if (!ok) {
      const kind = spec.integer ? 'a whole number' : 'a number';
      throw new SyntheticOptionsError(`${spec.label} must be ${kind} between ${formatBound(spec.min)} and ${formatBound(spec.max)}.`);
    }
    resolved[spec.name] = value;
  }
  // Each range alone is fine, but 2 million rows × 100 features would be 1.6 GB of numbers,
  // more than a browser tab can hold: cap the product and say how to stay under it.
  if (resolved.rows * Math.max(1, resolved.features) > MAX_CELLS) {
    throw new SyntheticOptionsError(
      `Rows × features must be at most ${formatBound(MAX_CELLS)} cells (asked for ${formatBound(resolved.rows * resolved.features)}). Use fewer rows or fewer features.`,
    );
  }
  return resolved;
}

/**
 * Rows per class: shares proportional to (1 − imbalance)^k, rounded by largest remainder so the
 * counts add up to `rows` exactly. When there are at least as many rows as classes, every class
 * gets at least one row (taken from the largest class).
 */
export function classCounts(rows: number, classes: number, imbalance: number): number[] {
  const ratio = 1 - imbalance;
  const weights = Array.from({ length: classes }, (_, k) => ratio ** k);
  const total = weights.reduce((sum, w) => sum + w, 0);
  const exact = weights.map((w) => (rows * w) / total);
  const counts = exact.map(Math.floor);
  let left = rows - counts.reduce((sum, c) => sum + c, 0);
  const byRemainder = exact
    .map((e, k) => ({ k, remainder: e - Math.floor(e) }))
    .sort((a, b) => b.remainder - a.remainder || a.k - b.k);
  for (let i = 0; left > 0; i = (i + 1) % classes, left--) counts[byRemainder[i].k]++;
  if (rows >= classes) {
    for (let k = 1; k < classes; k++) {
      if (counts[k] === 0) {
        counts[k] = 1;
        counts[0]--;
      }
    }
  }
  return counts;
}

/** A class index per row with exactly `counts[k]` rows of class k, in random order. */
export function assignClasses(rows: number, counts: readonly number[], random: Random): Uint8Array {
  const classOf = new Uint8Array(rows);
  let i = 0;
  for (let k = 0; k < counts.length; k++) {
    classOf.fill(k, i, i + counts[k]);
    i += counts[k];
  }
  return random.shuffle(classOf);
}

/** A numeric column of standard normal draws times `sd`. */
export function normalColumn(rows: number, random: Random, sd = 1): Float64Array {
  const column = new Float64Array(rows);
  for (let i = 0; i < rows; i++) column[i] = sd * random.normal();
  return column;
}

/** A feature column before missing cells are set: numbers or text categories. */
export type FeatureValues = Float64Array | (string | null)[];

/**
 * Sets exactly round(share × cells) of all feature cells missing (NaN or null), every subset of
 * that size equally likely (selection sampling, one draw per cell). Returns missing counts per
 * column.
 */
export function injectMissing(columns: readonly FeatureValues[], rows: number, share: number, random: Random): number[] {
  const missing = columns.map(() => 0);
  const cells = rows * columns.length;
  let wanted = Math.round(share * cells);
  if (wanted === 0) return missing;
  let remaining = cells;
  for (let c = 0; c < columns.length && wanted > 0; c++) {
    const column = columns[c];
    let count = 0;
    if (column instanceof Float64Array) {
      for (let i = 0; i < rows; i++, remaining--) {
        if (random.next() * remaining < wanted) {
          column[i] = Number.NaN;
          wanted--;
          count++;
        }
      }
    } else {
      for (let i = 0; i < rows; i++, remaining--) {
        if (random.next() * remaining < wanted) {
          column[i] = null;
          wanted--;
          count++;
        }
      }
    }
    missing[c] = count;
  }
  return missing;
}

/** A text column from category indices and their names (the strings are shared, not copied). */
export function textColumn(indices: Uint8Array, names: readonly string[]): (string | null)[] {
  const column: (string | null)[] = [];
  for (let i = 0; i < indices.length; i++) column.push(names[indices[i]]);
  return column;
}

export interface NamedColumn {
  name: string;
  values: FeatureValues;
}

/**
 * Builds the table: feature columns (after missing cells are set) and then the target column,
 * with types and missing counts.
 */
export function buildTable(
  rows: number,
  features: readonly NamedColumn[],
  target: NamedColumn,
  missingShare: number,
  random: Random,
  description: string,
): ParsedTable {
  const missing = injectMissing(
    features.map((f) => f.values),
    rows,
    missingShare,
    random,
  );
  const columns: ParsedColumn[] = features.map((f, c) => ({
    info: columnInfo(f, missing[c]),
    values: f.values,
  }));
  columns.push({ info: columnInfo(target, 0), values: target.values });
  return { rowCount: rows, columns, warnings: [], description };
}

function columnInfo(column: NamedColumn, missing: number): ColumnInfo {
  return { name: column.name, type: column.values instanceof Float64Array ? 'number' : 'text', missing };
}

/** 'Synthetic blobs: 1,000 rows, 2 features, 3 clusters, seed 42, 10% missing'. */
/** The class-related details of a description: '3 classes, noise 0.05, imbalance 0.5'. */
export function classDetails(count: number, noun: string, options: ResolvedSyntheticOptions): string[] {
  const parts = [`${count} ${noun}`];
  if (options.noise > 0) parts.push(`noise ${options.noise}`);
  if (options.imbalance > 0) parts.push(`imbalance ${options.imbalance}`);
  return parts;
}

export function describe(kind: string, options: ResolvedSyntheticOptions, parts: readonly string[]): string {
  const all = [
    `${options.rows.toLocaleString('en-US')} rows`,
    `${options.features} ${options.features === 1 ? 'feature' : 'features'}`,
    ...parts,
    `seed ${options.seed}`,
  ];
  if (options.missingShare > 0) all.push(`${Number((options.missingShare * 100).toFixed(2))}% missing`);
  return `Synthetic ${kind}: ${all.join(', ')}`;
}
