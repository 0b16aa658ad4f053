/**
 * What every model's training shares: the checks on the training data,
 * the target's standardisation, and the loss and metric definitions used for the training
 * curve, so that the closed-form models and the TF.js loop report the same numbers:
 *
 * - Classification: loss = mean softmax cross-entropy (log loss, natural log); metric = accuracy.
 * - Regression: loss = mean squared error on the *standardised* target, i.e. MSE / σ² with σ the
 *   train target's (population) standard deviation, so a model that always predicts the train
 *   mean scores about 1; metric = R² = 1 − SSE / SST, with SST around the evaluated part's own
 *   mean (as scikit-learn's `r2_score`; a part with a constant target scores 1 when predicted
 *   exactly, else 0).
 * - A part with no rows reports NaN for its loss and metric.
 */
import { ModelError } from '../errors';
import type { EpochRecord, LabelledMatrix, DenseParameters, Task, TrainingData } from '../types';

/** Log loss never uses a probability below this (a class missing from the train part). */
export const MIN_PROBABILITY = 1e-12;

/**
 * Checks that the design matrices and targets fit together and hold usable numbers; `inputs: 'any'`
 * lets missing (NaN) inputs through, for a model that never reads them (the baseline).
 */
export function checkTrainingData(data: TrainingData, task: Task, inputs: 'finite' | 'any' = 'finite'): void {
  if (data.target.task !== task) {
    throw new ModelError(`The target is set up for ${data.target.task}, not ${task}.`);
  }
  const width = data.preprocessor.width;
  const classes = data.target.classes.length;
  if (task === 'classification' && classes < 1) {
    throw new ModelError('The target has no classes to predict.');
  }
  checkPart('train', data.train, width, task, classes, inputs);
  checkPart('validation', data.validation, width, task, classes, inputs);
  if (data.train.x.rows === 0) {
    throw new ModelError('The train part has no rows to learn from.');
  }
}

function checkPart(part: string, m: LabelledMatrix, width: number, task: Task, classes: number, inputs: 'finite' | 'any'): void {
  const { rows, values } = m.x;
  if (m.x.width !== width) {
    throw new ModelError(`The ${part} part has ${m.x.width} input columns; the features make ${width}.`);
  }
  if (values.length !== rows * width || m.y.length !== rows) {
    throw new ModelError(`The ${part} part's inputs and targets do not have the same number of rows.`);
  }
  for (let i = 0; inputs === 'finite' && i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      const row = Math.floor(i / Math.max(1, width));
      throw new ModelError(`Row ${row + 1} of the ${part} part has a missing or infinite input after preprocessing.`);
    }
  }
  for (let i = 0; i < rows; i++) {
    const y = m.y[i];
    if (task === 'classification' ? !(Number.isInteger(y) && y >= 0 && y < classes) : !Number.isFinite(y)) {
      throw new ModelError(`Row ${i + 1} of the ${part} part has a missing or unknown target value.`);
    }
  }
}

/** The train target's mean and population standard deviation (1 when the target is constant). */
export function targetScale(y: ArrayLike<number>): { mean: number; std: number } {
  const n = y.length;
  if (n === 0) return { mean: 0, std: 1 };
  let sum = 0;
  for (let i = 0; i < n; i++) sum += y[i];
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (y[i] - mean) ** 2;
  const std = Math.sqrt(squares / n);
  return { mean, std: std > 0 && Number.isFinite(std) ? std : 1 };
}

/** Σ (y − mean(y))², in Float64, optionally after an affine map y → (y − shift) / scale. */
export function totalSumOfSquares(y: ArrayLike<number>, shift = 0, scale = 1): number {
  const n = y.length;
  if (n === 0) return 0;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += (y[i] - shift) / scale;
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += ((y[i] - shift) / scale - mean) ** 2;
  return squares;
}

/** R² from the sums of squares (scikit-learn's convention for a constant target). */
export function rSquared(sse: number, sst: number, rows: number): number {
  if (rows === 0) return NaN;
  if (!(sst > 0)) return sse === 0 ? 1 : 0;
  return 1 - sse / sst;
}

/** Loss and metric of a regression model's predictions (on the target's own scale) for one part. */
export function regressionScores(
  predictions: ArrayLike<number>,
  y: ArrayLike<number>,
  std: number,
): { loss: number; metric: number } {
  const n = y.length;
  if (n === 0) return { loss: NaN, metric: NaN };
  let sse = 0;
  for (let i = 0; i < n; i++) sse += (predictions[i] - y[i]) ** 2;
  return { loss: sse / n / (std * std), metric: rSquared(sse, totalSumOfSquares(y), n) };
}

/**
 * Loss and metric of class probabilities (rows × classes, row-major) for one part. Ties in the
 * most probable class go to the first class, as ArgMax does.
 */
export function classificationScores(
  probabilities: ArrayLike<number>,
  classes: number,
  y: ArrayLike<number>,
): { loss: number; metric: number } {
  const n = y.length;
  if (n === 0) return { loss: NaN, metric: NaN };
  let loss = 0;
  let correct = 0;
  for (let i = 0; i < n; i++) {
    const row = i * classes;
    const label = y[i];
    loss -= Math.log(Math.max(MIN_PROBABILITY, probabilities[row + label]));
    let best = 0;
    for (let c = 1; c < classes; c++) if (probabilities[row + c] > probabilities[row + best]) best = c;
    if (best === label) correct++;
  }
  return { loss: loss / n, metric: correct / n };
}

/** What a model fitted in one step (no epochs, no backend) gives. */
export interface ClosedFormResult {
  parameters: DenseParameters;
  /** A single record, as epoch 1. */
  curve: EpochRecord[];
  bestEpoch: number;
  stoppedEarly: false;
  cancelled: false;
}

/** The result of a model fitted in one step, with its train and validation scores as epoch 1. */
export function closedFormResult(
  parameters: DenseParameters,
  train: { loss: number; metric: number },
  validation: { loss: number; metric: number },
): ClosedFormResult {
  return {
    parameters,
    curve: [
      {
        epoch: 1,
        trainLoss: train.loss,
        validationLoss: validation.loss,
        trainMetric: train.metric,
        validationMetric: validation.metric,
      },
    ],
    bestEpoch: 1,
    stoppedEarly: false,
    cancelled: false,
  };
}
