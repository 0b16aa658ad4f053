/**
 * Permutation feature importance (Breiman 2001; scikit-learn's `permutation_importance`): how
 * much the main score drops when one feature's values are shuffled across the rows, breaking its
 * link with the target while keeping its distribution. A feature the model ignores scores ≈ 0; a
 * negative value means shuffling happened to help (noise, or a feature that hurts).
 *
 * A feature is permuted as a unit: all of its design-matrix columns (e.g. every one-hot column
 * of a categorical feature) move together with one row permutation, so the shuffled rows stay
 * valid encodings.
 */
import { predictClasses, regressionMetrics } from './metrics';
import type { DesignMatrix, Task } from './types';
import { createRandom } from '../random';

export interface FeatureColumns {
  /** The feature's name, as the user knows it (the source column). */
  feature: string;
  /** Its columns in the design matrix. */
  columns: number[];
}

export interface FeatureImportance {
  feature: string;
  /** Mean drop in the main score (accuracy or R²) over the repeats. */
  importance: number;
  /** Standard deviation of the drop over the repeats (population, as scikit-learn). */
  std: number;
}

export interface PermutationOptions {
  seed: number;
  /** Shuffles per feature; default 3. */
  repeats?: number;
}

/**
 * The importance of each feature, most important first (ties keep the order of `groups`).
 *
 * @param predict The model: probabilities (rows × classes, row-major) or class indices (one per
 *   row) for classification, predicted values for regression. It must not keep `x` after it
 *   returns; its values are changed between calls.
 * @param y Class indices (classification) or target values (regression), one per row.
 * @param groups Which design columns make up each feature.
 * @param options `seed`: each feature's shuffles come from its own stream of this seed, so a
 *   feature's result depends on the seed and its name only.
 */
export function permutationImportance(
  predict: (x: DesignMatrix) => Float32Array,
  x: DesignMatrix,
  y: ArrayLike<number>,
  task: Task,
  classes: readonly string[],
  groups: readonly FeatureColumns[],
  options: PermutationOptions,
): FeatureImportance[] {
  const { rows, width } = x;
  const repeats = options.repeats ?? 3;
  if (!Number.isInteger(repeats) || repeats < 1) throw new Error('Permutation importance needs at least one repeat.');
  if (y.length !== rows) throw new Error(`Expected one target per row: ${rows} rows but ${y.length} targets.`);
  if (rows === 0) throw new Error('Permutation importance needs at least one row.');
  for (const group of groups) {
    for (const column of group.columns) {
      if (!Number.isInteger(column) || column < 0 || column >= width) {
        throw new Error(`Feature “${group.feature}” refers to column ${column}, outside the ${width} columns.`);
      }
    }
  }

  const score = (prediction: Float32Array): number => {
    const value =
      task === 'classification' ? classificationScore(y, prediction, classes) : regressionMetrics(y, prediction)['R²'];
    if (value === null) {
      throw new Error('Permutation importance needs a score, but R² is not defined: every target value is the same.');
    }
    return value;
  };

  const original = x.values;
  const values = original.slice();
  const shuffled: DesignMatrix = { rows, width, values };
  const baseline = score(predict(shuffled));
  const random = createRandom(options.seed).fork('permutation-importance');
  const order = new Int32Array(rows);

  const results = groups.map((group): FeatureImportance => {
    const stream = random.fork(group.feature);
    const drops: number[] = [];
    for (let r = 0; r < repeats; r++) {
      for (let i = 0; i < rows; i++) order[i] = i;
      stream.shuffle(order);
      for (let i = 0; i < rows; i++) {
        const from = order[i] * width;
        for (const column of group.columns) values[i * width + column] = original[from + column];
      }
      drops.push(baseline - score(predict(shuffled)));
    }
    for (let i = 0; i < rows; i++) {
      for (const column of group.columns) values[i * width + column] = original[i * width + column];
    }
    const mean = drops.reduce((sum, d) => sum + d, 0) / repeats;
    const variance = drops.reduce((sum, d) => sum + (d - mean) ** 2, 0) / repeats;
    return { feature: group.feature, importance: mean, std: Math.sqrt(variance) };
  });

  // Array.prototype.sort is stable, so ties keep the order of `groups`.
  return results.sort((a, b) => b.importance - a.importance);
}

/** Accuracy from probabilities (rows × C) or from class indices (one per row). */
function classificationScore(y: ArrayLike<number>, prediction: Float32Array, classes: readonly string[]): number {
  const rows = y.length;
  let predicted: ArrayLike<number> = prediction;
  if (prediction.length === rows * classes.length) predicted = predictClasses(prediction, classes.length);
  else if (prediction.length !== rows) {
    throw new Error(`The model gave ${prediction.length} values for ${rows} rows and ${classes.length} classes.`);
  }
  let correct = 0;
  for (let i = 0; i < rows; i++) if (predicted[i] === y[i]) correct += 1;
  return correct / rows;
}
