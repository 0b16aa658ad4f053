/**
 * Cross-validation folds: the train part dealt into k folds (stratified by class for
 * classification), so every train row is held out exactly once and a score can be the mean over
 * the folds.
 */
import { createRandom } from '../random';
import type { Random } from '../random';
import { ModelError } from './errors';
import type { LabelledMatrix, TrainingData } from './types';

export const MIN_FOLDS = 2;
export const MAX_FOLDS = 10;

/**
 * The fold (0 … folds − 1) of each of the `y.length` rows. Regression: the rows are shuffled and
 * dealt round the folds. Classification (`classes` given): each class's rows are shuffled and
 * dealt on in turn, so every fold has each class's share of rows within one row. Either way the
 * fold sizes differ by at most one.
 */
export function assignFolds(y: ArrayLike<number>, folds: number, random: Random, classes: number | null): Uint8Array {
  const n = y.length;
  const order: number[] = [];
  if (classes === null) {
    for (let i = 0; i < n; i++) order.push(i);
    random.shuffle(order);
  } else {
    const byClass: number[][] = Array.from({ length: classes }, () => []);
    for (let i = 0; i < n; i++) {
      const c = y[i];
      if (!Number.isInteger(c) || c < 0 || c >= classes) {
        throw new ModelError(`Row ${i + 1} of the train part has class index ${c}, outside the ${classes} classes.`);
      }
      byClass[c].push(i);
    }
    // One push per row: spreading a class of many rows into push() overflows the call stack.
    for (const rows of byClass) for (const row of random.shuffle(rows)) order.push(row);
  }
  const fold = new Uint8Array(n);
  for (let p = 0; p < n; p++) fold[order[p]] = p % folds;
  return fold;
}

/** The rows of `m` at `rows`, in that order. */
export function takeRows(m: LabelledMatrix, rows: ArrayLike<number>): LabelledMatrix {
  const width = m.x.width;
  const values = new Float32Array(rows.length * width);
  const y = new Float32Array(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const source = rows[r];
    values.set(m.x.values.subarray(source * width, (source + 1) * width), r * width);
    y[r] = m.y[source];
  }
  return { x: { rows: rows.length, width, values }, y };
}

export interface Fold {
  /** The other folds' train rows. */
  train: LabelledMatrix;
  /** This fold's rows, scored after training on the others. */
  heldOut: LabelledMatrix;
  /** Which train rows are held out, ascending. */
  heldOutRows: Int32Array;
}

function checkFolds(folds: number, rows: number): void {
  if (!Number.isInteger(folds) || folds < MIN_FOLDS || folds > MAX_FOLDS) {
    throw new ModelError(`Cross-validation needs a whole number of folds from ${MIN_FOLDS} to ${MAX_FOLDS}; it is ${folds}.`);
  }
  if (rows < folds) {
    throw new ModelError(`Cross-validation with ${folds} folds needs at least ${folds} train rows; there ${rows === 1 ? 'is 1' : `are ${rows}`}.`);
  }
}

/**
 * The k folds of `data.train`, drawn with `seed` (stream `fork('cross-validation')`), stratified
 * by class for classification. Every train row is held out in exactly one fold.
 */
export function crossValidationFolds(data: TrainingData, folds: number, seed: number): Fold[] {
  const rows = data.train.x.rows;
  checkFolds(folds, rows);
  const classes = data.target.task === 'classification' ? data.target.classes.length : null;
  const fold = assignFolds(data.train.y, folds, createRandom(seed).fork('cross-validation'), classes);
  const result: Fold[] = [];
  for (let f = 0; f < folds; f++) {
    const inFold: number[] = [];
    const outside: number[] = [];
    for (let i = 0; i < rows; i++) (fold[i] === f ? inFold : outside).push(i);
    result.push({ train: takeRows(data.train, outside), heldOut: takeRows(data.train, inFold), heldOutRows: Int32Array.from(inFold) });
  }
  return result;
}
