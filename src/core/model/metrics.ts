/**
 * How good a model's predictions are: the metrics of the Evaluate and Test steps, under the
 * names their tables show. Every value is `number | null`; null means the metric is not defined
 * on these rows (no rows, or ROC AUC when only one class is present), never a made-up 0 or 1.
 *
 * Classification takes class indices (`yTrue`) and a rows × C probability matrix, row-major, in
 * the order of `classes`. In a binary problem the positive class is `classes[1]` (the second in
 * sorted order, e.g. `1` of 0/1, `true` of false/true, `yes` of no/yes): precision, recall and
 * F1 are that class's, and ROC AUC scores its probability. In a multiclass problem they are
 * macro averages (every class weighs the same) and ROC AUC is the macro one-vs-rest average.
 * Beside them, the metrics that stay honest under imbalance (balanced accuracy, MCC, PR AUC) and
 * the one that judges the probabilities themselves (the Brier score).
 */
import { prCurve, rocAuc } from './curves';
import type { Task } from './types';

export type ClassificationMetricName =
  | 'Accuracy'
  | 'Balanced accuracy'
  | 'Precision'
  | 'Recall'
  | 'F1'
  | 'MCC'
  | 'ROC AUC'
  | 'PR AUC'
  | 'Log loss'
  | 'Brier score';
export type RegressionMetricName = 'MAE' | 'RMSE' | 'R²';
export type MetricName = ClassificationMetricName | RegressionMetricName;

export type ClassificationMetrics = Record<ClassificationMetricName, number | null>;
export type RegressionMetrics = Record<RegressionMetricName, number | null>;

const CLASSIFICATION_METRICS: readonly ClassificationMetricName[] = [
  'Accuracy', 'Balanced accuracy', 'Precision', 'Recall', 'F1', 'MCC', 'ROC AUC', 'PR AUC', 'Log loss', 'Brier score',
];
const REGRESSION_METRICS: readonly RegressionMetricName[] = ['MAE', 'RMSE', 'R²'];
const LOWER_IS_BETTER: ReadonlySet<MetricName> = new Set<MetricName>(['Log loss', 'Brier score', 'MAE', 'RMSE']);

/** Probabilities are clipped to [ε, 1 − ε] before the logarithm, so a confident miss costs ≈ 34.5, not ∞. */
export const LOG_LOSS_EPSILON = 1e-15;

/** The metrics of a task, in the order the tables show them. */
export function metricNames(task: Task): MetricName[] {
  return task === 'classification' ? [...CLASSIFICATION_METRICS] : [...REGRESSION_METRICS];
}

/**
 * Whether a larger value of the metric means a better model (false for losses and errors).
 * Takes any text (e.g. a select's value) and rejects a name that is not a metric.
 */
export function higherIsBetter(metric: string): boolean {
  if (!isMetricName(metric)) throw new Error(`“${metric}” is not a metric the studio knows.`);
  return !LOWER_IS_BETTER.has(metric);
}

/** Whether a name is one of the studio's metrics (e.g. a value read back from storage). */
export function isMetricName(name: string): name is MetricName {
  return (CLASSIFICATION_METRICS as readonly string[]).includes(name) || (REGRESSION_METRICS as readonly string[]).includes(name);
}

function checkClassification(yTrue: ArrayLike<number>, probabilities: ArrayLike<number>, classes: number): void {
  if (classes < 2) throw new Error('Classification needs at least two classes.');
  if (probabilities.length !== yTrue.length * classes) {
    throw new Error(`Expected ${yTrue.length} × ${classes} probabilities but got ${probabilities.length} values.`);
  }
  checkClassIndices(yTrue, classes);
}

function checkClassIndices(y: ArrayLike<number>, classes: number): void {
  for (let i = 0; i < y.length; i++) {
    const k = y[i];
    if (!Number.isInteger(k) || k < 0 || k >= classes) {
      throw new Error(`Row ${i} has class index ${k}, outside 0 … ${classes - 1}.`);
    }
  }
}

/**
 * The predicted class of each row. A binary problem with a `threshold` predicts class 1 when its
 * probability is ≥ the threshold; otherwise (and always in a multiclass problem, where the
 * threshold is ignored) the most probable class, the lower index on a tie.
 */
export function predictClasses(probabilities: ArrayLike<number>, classes: number, threshold?: number): Int32Array {
  const rows = Math.floor(probabilities.length / classes);
  const predicted = new Int32Array(rows);
  const thresholded = classes === 2 && threshold !== undefined;
  for (let i = 0; i < rows; i++) {
    if (thresholded) {
      predicted[i] = probabilities[i * 2 + 1] >= threshold ? 1 : 0;
      continue;
    }
    let best = 0;
    for (let k = 1; k < classes; k++) {
      if (probabilities[i * classes + k] > probabilities[i * classes + best]) best = k;
    }
    predicted[i] = best;
  }
  return predicted;
}

/** counts[actual][predicted]: how many rows of each actual class got each predicted class. */
export function confusionMatrix(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, classes: number): number[][] {
  if (yTrue.length !== yPred.length) {
    throw new Error(`Expected one prediction per row: ${yTrue.length} labels but ${yPred.length} predictions.`);
  }
  checkClassIndices(yTrue, classes);
  checkClassIndices(yPred, classes);
  const counts = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < yTrue.length; i++) counts[yTrue[i]][yPred[i]] += 1;
  return counts;
}

export interface ClassMetrics {
  /** The class name. */
  name: string;
  /** Of the rows predicted as this class, the share that are; null when none was predicted. */
  precision: number | null;
  /** Of the rows of this class, the share predicted as it; null when the class has no rows. */
  recall: number | null;
  /** 2·TP / (2·TP + FP + FN); null when the class is neither present nor predicted. */
  f1: number | null;
  /** Rows of this class. */
  support: number;
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}

function metricsFromCounts(counts: number[][], classes: readonly string[]): ClassMetrics[] {
  return classes.map((name, k) => {
    const tp = counts[k][k];
    let support = 0;
    let predicted = 0;
    for (let j = 0; j < classes.length; j++) {
      support += counts[k][j];
      predicted += counts[j][k];
    }
    const fp = predicted - tp;
    const fn = support - tp;
    return { name, precision: ratio(tp, predicted), recall: ratio(tp, support), f1: ratio(2 * tp, 2 * tp + fp + fn), support };
  });
}

/**
 * Precision, recall, F1 and support of every class, from class indices. `classes` is the class
 * names, or just their number (the names are then the indices as text).
 */
export function perClassMetrics(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, classes: number | readonly string[]): ClassMetrics[] {
  const names = typeof classes === 'number' ? Array.from({ length: classes }, (_, k) => String(k)) : classes;
  return metricsFromCounts(confusionMatrix(yTrue, yPred, names.length), names);
}

/**
 * The macro average over the classes that are present or predicted, with an undefined value
 * counting as 0 (as scikit-learn does): a class the model never predicts must lower the average
 * precision, not drop out of it.
 */
function macro(perClass: ClassMetrics[], pick: (m: ClassMetrics) => number | null, predicted: number[]): number | null {
  let sum = 0;
  let count = 0;
  perClass.forEach((m, k) => {
    if (m.support === 0 && predicted[k] === 0) return;
    sum += pick(m) ?? 0;
    count += 1;
  });
  return count > 0 ? sum / count : null;
}

/**
 * Accuracy, precision, recall, F1, ROC AUC and log loss of predicted probabilities. `threshold`
 * applies to binary problems only (see {@link predictClasses}); ROC AUC and log loss do not
 * depend on it.
 */
export function classificationMetrics(
  yTrue: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  classes: readonly string[],
  threshold?: number,
): ClassificationMetrics {
  const c = classes.length;
  checkClassification(yTrue, probabilities, c);
  const rows = yTrue.length;
  const yPred = predictClasses(probabilities, c, threshold);
  const counts = confusionMatrix(yTrue, yPred, c);
  const perClass = metricsFromCounts(counts, classes);

  let correct = 0;
  for (let k = 0; k < c; k++) correct += counts[k][k];

  let precision: number | null;
  let recall: number | null;
  let f1: number | null;
  if (c === 2) {
    ({ precision, recall, f1 } = perClass[1]);
  } else {
    const predicted = classes.map((_, k) => counts.reduce((sum, row) => sum + row[k], 0));
    precision = macro(perClass, (m) => m.precision, predicted);
    recall = macro(perClass, (m) => m.recall, predicted);
    f1 = macro(perClass, (m) => m.f1, predicted);
  }

  return {
    Accuracy: ratio(correct, rows),
    'Balanced accuracy': balancedAccuracy(counts),
    Precision: precision,
    Recall: recall,
    F1: f1,
    MCC: matthews(counts),
    'ROC AUC': c === 2 ? binaryAuc(yTrue, probabilities) : macroOneVsRestAuc(yTrue, probabilities, c),
    'PR AUC': prAuc(yTrue, probabilities, c),
    'Log loss': logLoss(yTrue, probabilities, c),
    'Brier score': brierScore(yTrue, probabilities, c),
  };
}

/**
 * The mean of each class's recall over the classes present in the rows: accuracy as if every
 * class were equally common, so always predicting the majority of an imbalanced target scores
 * 1 / classes, not its share. Null without rows.
 */
function balancedAccuracy(counts: number[][]): number | null {
  let sum = 0;
  let present = 0;
  counts.forEach((row, k) => {
    const total = row.reduce((a, b) => a + b, 0);
    if (total === 0) return;
    sum += row[k] / total;
    present++;
  });
  return present > 0 ? sum / present : null;
}

/**
 * Matthews correlation coefficient (its multiclass form, Gorodkin 2004): the correlation between
 * actual and predicted classes, 1 perfect, 0 no better than chance, −1 always wrong; honest
 * under imbalance. Null when every row is one actual or one predicted class (it is undefined).
 */
function matthews(counts: number[][]): number | null {
  const c = counts.length;
  let total = 0;
  let correct = 0;
  const actual = new Float64Array(c);
  const predicted = new Float64Array(c);
  for (let a = 0; a < c; a++) {
    for (let p = 0; p < c; p++) {
      const n = counts[a][p];
      total += n;
      actual[a] += n;
      predicted[p] += n;
    }
    correct += counts[a][a];
  }
  let crossed = 0;
  let actualSquares = 0;
  let predictedSquares = 0;
  for (let k = 0; k < c; k++) {
    crossed += actual[k] * predicted[k];
    actualSquares += actual[k] * actual[k];
    predictedSquares += predicted[k] * predicted[k];
  }
  const denominator = Math.sqrt((total * total - predictedSquares) * (total * total - actualSquares));
  return denominator > 0 ? (correct * total - crossed) / denominator : null;
}

/**
 * Area under the precision–recall curve as average precision (`curves.ts`): of the positive
 * class for two classes, else the mean over the classes present (one-vs-rest). Unlike ROC AUC it
 * does not flatter a model on a rare class. Null when no class is present.
 */
function prAuc(yTrue: ArrayLike<number>, probabilities: ArrayLike<number>, c: number): number | null {
  const rows = yTrue.length;
  const positive = new Uint8Array(rows);
  const scores = new Float64Array(rows);
  const classes = c === 2 ? [1] : Array.from({ length: c }, (_, k) => k);
  let sum = 0;
  let count = 0;
  for (const k of classes) {
    for (let i = 0; i < rows; i++) {
      positive[i] = yTrue[i] === k ? 1 : 0;
      scores[i] = probabilities[i * c + k];
    }
    const ap = prCurve(positive, scores).averagePrecision;
    if (ap === null) continue;
    sum += ap;
    count++;
  }
  return count > 0 ? sum / count : null;
}

/**
 * The Brier score: the mean squared difference between the predicted probabilities and what
 * happened. Two classes: (p − y)² of the positive class, as scikit-learn's brier_score_loss;
 * more: the sum over the classes, Brier's own definition. 0 is perfect; lower is better, and
 * unlike accuracy it rewards probabilities that are right about their own confidence.
 */
function brierScore(yTrue: ArrayLike<number>, probabilities: ArrayLike<number>, c: number): number | null {
  const rows = yTrue.length;
  if (rows === 0) return null;
  let sum = 0;
  for (let i = 0; i < rows; i++) {
    if (c === 2) {
      sum += (probabilities[i * 2 + 1] - (yTrue[i] === 1 ? 1 : 0)) ** 2;
      continue;
    }
    for (let k = 0; k < c; k++) sum += (probabilities[i * c + k] - (yTrue[i] === k ? 1 : 0)) ** 2;
  }
  return sum / rows;
}

function binaryAuc(yTrue: ArrayLike<number>, probabilities: ArrayLike<number>): number | null {
  const rows = yTrue.length;
  const positive = new Uint8Array(rows);
  const scores = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    positive[i] = yTrue[i] === 1 ? 1 : 0;
    scores[i] = probabilities[i * 2 + 1];
  }
  return rocAuc(positive, scores);
}

/**
 * The mean of each class's one-vs-rest AUC. A class absent from the rows (or present in every
 * row) has no AUC and is left out of the mean; null when no class has one.
 */
function macroOneVsRestAuc(yTrue: ArrayLike<number>, probabilities: ArrayLike<number>, c: number): number | null {
  const rows = yTrue.length;
  const positive = new Uint8Array(rows);
  const scores = new Float64Array(rows);
  let sum = 0;
  let count = 0;
  for (let k = 0; k < c; k++) {
    for (let i = 0; i < rows; i++) {
      positive[i] = yTrue[i] === k ? 1 : 0;
      scores[i] = probabilities[i * c + k];
    }
    const auc = rocAuc(positive, scores);
    if (auc === null) continue;
    sum += auc;
    count += 1;
  }
  return count > 0 ? sum / count : null;
}

/** Mean negative log probability of the true class, clipped by {@link LOG_LOSS_EPSILON}. */
function logLoss(yTrue: ArrayLike<number>, probabilities: ArrayLike<number>, c: number): number | null {
  const rows = yTrue.length;
  if (rows === 0) return null;
  let sum = 0;
  for (let i = 0; i < rows; i++) {
    const p = probabilities[i * c + yTrue[i]];
    sum -= Math.log(Math.min(1 - LOG_LOSS_EPSILON, Math.max(LOG_LOSS_EPSILON, p)));
  }
  return sum / rows;
}

/**
 * Mean absolute error, root mean squared error and R² = 1 − SSres / SStot (SStot about the mean
 * of `yTrue`; negative when the model is worse than predicting that mean; null when every
 * actual value is the same).
 */
export function regressionMetrics(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): RegressionMetrics {
  const n = yTrue.length;
  if (yPred.length !== n) {
    throw new Error(`Expected one prediction per row: ${n} targets but ${yPred.length} predictions.`);
  }
  if (n === 0) return { MAE: null, RMSE: null, 'R²': null };
  let mean = 0;
  let constant = true;
  for (let i = 0; i < n; i++) {
    mean += yTrue[i];
    if (yTrue[i] !== yTrue[0]) constant = false;
  }
  mean /= n;
  let absolute = 0;
  let squared = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const error = yTrue[i] - yPred[i];
    absolute += Math.abs(error);
    squared += error * error;
    total += (yTrue[i] - mean) ** 2;
  }
  // Tested on the values, not on SStot: rounding leaves SStot a hair above 0 for a constant target.
  return { MAE: absolute / n, RMSE: Math.sqrt(squared / n), 'R²': constant ? null : 1 - squared / total };
}
