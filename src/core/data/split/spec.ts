/**
 * What a train / validation / test split is asked to do, and whether it can be done on a frame.
 *
 * Four strategies, chosen by which columns the spec names (see assign.ts for how each works):
 * - random: no column named;
 * - stratified: `stratify` names a column of categories; each part gets the classes in the
 *   shares of the whole, within rounding;
 * - grouped: `group` names a column whose rows must stay together (a patient, a customer);
 *   with `stratify` as well, whole groups are still kept together and the class shares are
 *   matched only approximately (each group counts for its most common class);
 * - time-ordered: `timeColumn` names a date or number column; oldest rows go to Train, then
 *   Validation, newest to Test. Not random, so it cannot be combined with `stratify` or `group`.
 *
 * `checkSplit` gives the plain-words reason a spec cannot apply (or null); `splitFrame` throws
 * a `SplitError` with that reason.
 */
import type { ColumnInfo } from '../columns';
import type { Frame, PartName } from '../frame';

export interface SplitSpec {
  /** Percentages of the rows, each ≥ 0, adding up to 100. */
  train: number;
  validation: number;
  test: number;
  /** The project's seed; the split draws from its own stream `fork('split')`. */
  seed: number;
  /** A categorical column whose class shares every part should keep, or null. */
  stratify: string | null;
  /** A column whose rows must stay in one part (all rows of one patient …), or null. */
  group: string | null;
  /** A date or number column: split in time order instead of at random, or null. */
  timeColumn: string | null;
}

/** Rows per part. */
export interface SplitCounts {
  train: number;
  validation: number;
  test: number;
}

/** The parts in PART order, and their names as the studio shows them. */
export const PART_NAMES: readonly PartName[] = ['train', 'validation', 'test'];
export const PART_LABELS: Readonly<Record<PartName, string>> = { train: 'Train', validation: 'Validation', test: 'Test' };

/** Stratify-by columns may have at most this many different values. */
export const MAX_STRATA = 50;

/** A split that cannot be made; the message is shown to the user as is. */
export class SplitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SplitError';
  }
}

/** Percentages that add up to 100 within this much count as adding up to 100 (33.3 + 33.3 + 33.4). */
const SUM_TOLERANCE = 1e-6;

/**
 * Rows per part for `total` rows: each part's exact share `total × percentage / 100` is rounded
 * down, and the rows left over go one each to the parts with the largest remainders (Hamilton's
 * largest-remainder method); equal remainders favour Train, then Validation, then Test. The sizes
 * always add up to `total` and each is within one row of its exact share.
 */
export function partSizes(total: number, percentages: Pick<SplitSpec, PartName>): SplitCounts {
  const pct = PART_NAMES.map((p) => percentages[p]);
  const sum = pct[0] + pct[1] + pct[2];
  const sizes = [0, 0, 0];
  if (total <= 0 || !(sum > 0)) return { train: 0, validation: 0, test: 0 };
  const remainders = [0, 0, 0];
  let assigned = 0;
  for (let p = 0; p < 3; p++) {
    // Dividing by the sum (≈ 100) keeps the quotas adding up to `total` exactly.
    const quota = (total * pct[p]) / sum;
    sizes[p] = Math.floor(quota);
    remainders[p] = quota - sizes[p];
    assigned += sizes[p];
  }
  const order = [0, 1, 2].sort((a, b) => remainders[b] - remainders[a] || a - b);
  for (let k = 0; assigned < total; k = (k + 1) % 3) {
    if (pct[order[k]] > 0) {
      sizes[order[k]]++;
      assigned++;
    }
  }
  return { train: sizes[0], validation: sizes[1], test: sizes[2] };
}

/** `'Validation'`, `'Validation and Test'`, `'Train, Validation and Test'`. */
function listParts(parts: PartName[]): string {
  const labels = parts.map((p) => PART_LABELS[p]);
  return labels.length <= 1 ? labels.join('') : `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}`;
}

function rows(n: number): string {
  return `${n} ${n === 1 ? 'row' : 'rows'}`;
}

function percent(x: number): string {
  return `${Number(x.toFixed(4))} %`;
}

/** A value as a map key: dates by their time, missing (null, undefined, NaN, invalid date) as undefined. */
export function keyOf(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number') return Number.isNaN(value) ? undefined : value;
  if (value instanceof Date) {
    const t = value.getTime();
    return Number.isNaN(t) ? undefined : t;
  }
  return value;
}

/** Distinct non-missing values of a column, counting up to `limit + 1`, and the missing count. */
function distinctValues(frame: Frame, column: string, limit: number): { distinct: number; missing: number } {
  const get = frame.table.getter(column);
  const n = frame.table.numRows();
  const seen = new Set<unknown>();
  let missing = 0;
  for (let row = 0; row < n; row++) {
    const key = keyOf(get(row));
    if (key === undefined) missing++;
    else if (seen.size <= limit) seen.add(key);
  }
  return { distinct: seen.size, missing };
}

const TYPE_WORDS: Record<ColumnInfo['type'], string> = {
  number: 'numbers with decimals',
  integer: 'whole numbers',
  boolean: 'true/false values',
  date: 'dates',
  text: 'text',
};

/**
 * The spec with each column choice as a name or null: a missing field (an older stored spec) and
 * `''` (a "None" choice) both mean no column, as no column is named `''`.
 */
export function normalizeSpec(spec: SplitSpec): SplitSpec {
  return { ...spec, stratify: spec.stratify || null, group: spec.group || null, timeColumn: spec.timeColumn || null };
}

/**
 * Why `spec` cannot split `frame`, in plain words, or null when it can.
 * Checks, in order: the percentages, the seed, that there are rows, the named columns (exist,
 * right kind, allowed together), and that every part gets at least one row.
 */
export function checkSplit(given: SplitSpec, frame: Frame): string | null {
  const spec = normalizeSpec(given);
  for (const part of PART_NAMES) {
    const value = spec[part];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      return `${PART_LABELS[part]} % must be a number of 0 or more; it is ${typeof value === 'number' ? String(value) : 'empty'}.`;
    }
  }
  const sum = spec.train + spec.validation + spec.test;
  if (Math.abs(sum - 100) > SUM_TOLERANCE) {
    return `The percentages must add up to 100, but Train ${spec.train} + Validation ${spec.validation} + Test ${spec.test} = ${Number(sum.toFixed(6))}.`;
  }
  if (typeof spec.seed !== 'number' || !Number.isSafeInteger(spec.seed)) {
    return `The seed must be a whole number; it is ${typeof spec.seed === 'number' ? String(spec.seed) : 'empty'}.`;
  }

  const total = frame.table.numRows();
  if (total === 0) return 'There are no rows to split.';

  const columnOf = (name: string): ColumnInfo | undefined => frame.columns.find((c) => c.name === name);
  const named: [string | null, string][] = [
    [spec.stratify, 'stratify by'],
    [spec.group, 'group by'],
    [spec.timeColumn, 'order by time'],
  ];
  for (const [name, role] of named) {
    if (name !== null && columnOf(name) === undefined) {
      return `There is no column "${name}" to ${role}. Pick one of the data's columns.`;
    }
  }

  if (spec.timeColumn !== null && spec.stratify !== null) {
    return `A split in time order by "${spec.timeColumn}" puts the oldest rows in Train and the newest in Test, so it cannot also be stratified by "${spec.stratify}". Choose one: time order or stratification.`;
  }
  if (spec.timeColumn !== null && spec.group !== null) {
    return `A split in time order by "${spec.timeColumn}" cuts at points in time, so it cannot also keep the rows of each "${spec.group}" together. Choose one: time order or groups.`;
  }

  if (spec.stratify !== null) {
    const info = columnOf(spec.stratify)!;
    if (info.type !== 'text' && info.type !== 'boolean' && info.type !== 'integer') {
      return `Stratify by needs a column of categories, but "${info.name}" holds ${TYPE_WORDS[info.type]}. Pick a text, true/false or whole-number column with at most ${MAX_STRATA} different values.`;
    }
    const { distinct } = distinctValues(frame, info.name, MAX_STRATA);
    if (distinct === 0) return `"${info.name}" has no values, so there is nothing to stratify by.`;
    if (distinct > MAX_STRATA) {
      return `"${info.name}" has more than ${MAX_STRATA} different values, too many to stratify by. Pick a column of categories with at most ${MAX_STRATA} different values.`;
    }
  }

  if (spec.timeColumn !== null) {
    const info = columnOf(spec.timeColumn)!;
    if (info.type !== 'date' && info.type !== 'number' && info.type !== 'integer') {
      return `A split in time order needs a date or number column, but "${info.name}" holds ${TYPE_WORDS[info.type]}.`;
    }
  }

  const sizes = partSizes(total, spec);
  const empty = PART_NAMES.filter((p) => sizes[p] === 0);
  if (empty.length > 0) {
    const shares = empty.map((p) => `${PART_LABELS[p]} ${percent(spec[p])}`).join(', ');
    return `With ${rows(total)}, ${listParts(empty)} would get no rows (${shares}). Every part needs at least one row: raise ${empty.length === 1 ? 'its percentage' : 'their percentages'} or use more data.`;
  }

  if (spec.group !== null) {
    // Missing group values count as one group per row.
    const { distinct, missing } = distinctValues(frame, spec.group, 3);
    const groups = distinct + missing;
    if (groups < 3) {
      return `Grouping by "${spec.group}" gives only ${groups} ${groups === 1 ? 'group' : 'groups'}, but Train, Validation and Test each need at least one whole group. Pick a column with more different values, or split without groups.`;
    }
  }

  if (spec.timeColumn !== null) {
    const { missing } = distinctValues(frame, spec.timeColumn, 0);
    if (missing > sizes.train) {
      return `"${spec.timeColumn}" is missing in ${rows(missing)}; rows without a time go to Train, but Train gets only ${rows(sizes.train)}. Fill in or drop the missing times first (Clean), or give Train a larger share.`;
    }
  }
  return null;
}
