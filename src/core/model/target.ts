/**
 * The target: what the model predicts, encoded for training.
 *
 * Classification. The classes are the target values present in the train rows, as text (numbers
 * as `String` writes them, booleans 'false'/'true', dates as ISO text), sorted: in numeric
 * order when the column is a number or integer column (so 2 comes before 10), otherwise in
 * code-unit order (locale-independent, so the order never depends on the browser). The order is
 * the order of the probability columns. `y` holds each row's class index.
 *
 * Regression. Only number and integer targets; `y` holds the value (as float32).
 *
 * Rows whose target is missing (NaN, null, an invalid date) are left out of training and
 * evaluation; `positions` says which rows were kept. In the validation and test parts, a row
 * whose class never occurs in the train rows is left out as well (the model has no output for
 * it) and counted in `unseen`, for the caller to report.
 */
import type { ColumnInfo } from '../data/columns';
import type { Frame } from '../data/frame';
import { columnValues, isMissingCell, isNumericType, plural, quote, valueText } from '../data/recipe/frame-ops';
import { ModelError } from './errors';
import type { TargetEncoding, Task } from './types';

/** A classification target with more classes than this is refused (it is most likely a number to predict). */
export const MAX_CLASSES = 100;

export interface EncodedTarget {
  encoding: TargetEncoding;
  /** Class index (classification) or target value (regression), one per kept row. */
  y: Float32Array;
  /** The row positions kept (those with a target value), in the order given. */
  positions: Int32Array;
  /** How many of the given rows were left out for a missing target. */
  missing: number;
}

export interface EncodedLabels {
  y: Float32Array;
  positions: Int32Array;
  /** Rows left out for a missing target. */
  missing: number;
  /** Rows left out because their class does not occur in the train part (classification only). */
  unseen: number;
}

/** A target cell as a class name, null when missing. */
export function className(value: unknown): string | null {
  return isMissingCell(value) ? null : valueText(value);
}

function targetInfo(frame: Frame, target: string): ColumnInfo {
  const info = frame.columns.find((c) => c.name === target);
  if (info === undefined) throw new ModelError(`There is no column ${target} in the data (any more); choose the target again.`);
  return info;
}

function percent(part: number, whole: number): string {
  return `${Math.round((100 * part) / whole)}%`;
}

/**
 * Encodes the target of the train rows at `positions` and fixes the classes (classification).
 * Throws ModelError when the target column is missing, when the target is missing in more than
 * half of the rows, when a classification target has one class only (or more than
 * `MAX_CLASSES`), or when a regression target is not numeric or takes one value only.
 */
export function encodeTarget(frame: Frame, target: string, task: Task, positions: Int32Array | readonly number[]): EncodedTarget {
  const info = targetInfo(frame, target);
  if (task === 'regression' && !isNumericType(info.type)) {
    const holds = info.type === 'text' ? 'text' : info.type === 'boolean' ? 'true/false values' : 'dates';
    throw new ModelError(`The target ${target} holds ${holds}; regression predicts a number. Choose classification, or a numeric target.`);
  }
  const n = positions.length;
  if (n === 0) throw new ModelError('The train part has no rows, so there is nothing to train on.');
  const values = columnValues(frame, target) as ArrayLike<unknown>;
  const kept: number[] = [];
  for (let k = 0; k < n; k++) if (!isMissing(values[positions[k]])) kept.push(positions[k]);
  const missing = n - kept.length;
  if (missing * 2 > n) {
    throw new ModelError(
      `The target ${target} is missing in ${plural(missing, 'train row')} of ${n.toLocaleString('en-US')} (${percent(missing, n)}). ` +
        'Fill it in with the Label or Clean step, or choose another target.',
    );
  }
  const keptPositions = Int32Array.from(kept);

  if (task === 'regression') {
    const y = new Float32Array(kept.length);
    for (let k = 0; k < kept.length; k++) y[k] = values[kept[k]] as number;
    const first = y[0];
    if (y.every((v) => v === first)) {
      throw new ModelError(`The target ${target} has the same value (${quote(className(values[kept[0]]))}) in every train row: there is nothing to predict.`);
    }
    return { encoding: { task, column: target, classes: [] }, y, positions: keptPositions, missing };
  }

  const classes = sortClasses(kept.map((p) => values[p]), isNumericType(info.type));
  if (classes.length < 2) {
    throw new ModelError(
      `The target ${target} has only one class (${quote(classes[0])}) in the train part: a model needs at least two classes to tell apart. ` +
        'Check the split, or choose another target.',
    );
  }
  if (classes.length > MAX_CLASSES) {
    throw new ModelError(
      `The target ${target} has ${classes.length.toLocaleString('en-US')} different values in the train part; classification handles at most ${MAX_CLASSES} classes. ` +
        (isNumericType(info.type) ? 'To predict it as a number, choose regression.' : 'Choose another target, or group its values first.'),
    );
  }
  const encoding: TargetEncoding = { task, column: target, classes };
  const labels = encodeLabels(frame, encoding, keptPositions);
  return { encoding, y: labels.y, positions: labels.positions, missing };
}

/** Whether a target cell is missing (also a non-finite number). */
function isMissing(v: unknown): boolean {
  return isMissingCell(v) || (typeof v === 'number' && !Number.isFinite(v));
}

/** Distinct present values as class names, sorted as described above. */
function sortClasses(values: unknown[], numeric: boolean): string[] {
  if (numeric) {
    const distinct = Float64Array.from(new Set(values as number[])).sort();
    return Array.from(distinct, (v) => String(v));
  }
  const names = new Set<string>();
  for (const v of values) names.add(className(v)!);
  return [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Encodes the target of the rows at `positions` with a fitted encoding (validation, test, or
 * any labelled data): rows with a missing target, and (classification) rows whose class is not
 * among `encoding.classes`, are left out and counted.
 */
export function encodeLabels(frame: Frame, encoding: TargetEncoding, positions: Int32Array | readonly number[]): EncodedLabels {
  const info = targetInfo(frame, encoding.column);
  const values = columnValues(frame, encoding.column) as ArrayLike<unknown>;
  const n = positions.length;
  const y = new Float32Array(n);
  const kept = new Int32Array(n);
  let count = 0;
  let missing = 0;
  let unseen = 0;
  if (encoding.task === 'regression') {
    if (!isNumericType(info.type)) throw new ModelError(`The target ${encoding.column} no longer holds numbers, so the regression model cannot be scored on it.`);
    for (let k = 0; k < n; k++) {
      const v = values[positions[k]];
      if (isMissing(v)) missing++;
      else {
        y[count] = v as number;
        kept[count++] = positions[k];
      }
    }
  } else {
    const index = new Map<string, number>();
    encoding.classes.forEach((c, i) => index.set(c, i));
    for (let k = 0; k < n; k++) {
      const v = values[positions[k]];
      if (isMissing(v)) {
        missing++;
        continue;
      }
      const i = index.get(className(v)!);
      if (i === undefined) unseen++;
      else {
        y[count] = i;
        kept[count++] = positions[k];
      }
    }
  }
  return { y: y.slice(0, count), positions: kept.slice(0, count), missing, unseen };
}
