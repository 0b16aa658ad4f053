/**
 * Linear regression by ordinary least squares, solved exactly from the normal equations in
 * Float64 (no TF.js): the inputs' Gram matrix is accumulated in one pass over the train rows
 * (skipping zeros, so one-hot columns cost little), centred (the intercept is not penalised),
 * given a ridge λ and factorised by Cholesky.
 *
 * The objective is mean((y − ŷ)²) + l2 · ‖w‖², the same one the TF.js loop minimises on the
 * standardised target (the two have the same minimiser), so λ = n · l2. A tiny ridge of
 * 1e-8 × trace is always added, so collinear inputs (a full one-hot block, a constant column)
 * still give a unique, finite solution; it moves noiseless coefficients by about 1e-8 relatively.
 *
 * The result is one linear dense layer on the standardised inputs that predicts the
 * standardised target, with `outputScale` = the train target's mean and standard deviation, like
 * the regression MLP: prediction = (x · w + b) × std + mean. Keeping the mean out of the float32
 * bias keeps large target values precise.
 */
import { ModelError } from '../errors';
import type { DenseParameters, TrainingData } from '../types';
import {
  checkTrainingData,
  closedFormResult,
  regressionScores,
  targetScale,
  type ClosedFormResult,
} from './common';

/** The relative ridge always added to the diagonal. */
export const RIDGE_JITTER = 1e-8;

export interface LinearRegressionOptions {
  /** L2 penalty per weight on the mean squared error (see above); 0 = plain least squares. */
  l2?: number;
}

export function trainLinearRegression(data: TrainingData, options: LinearRegressionOptions = {}): ClosedFormResult {
  const l2 = options.l2 ?? 0;
  if (!(l2 >= 0 && Number.isFinite(l2))) {
    throw new ModelError('The L2 penalty must be a number of at least 0.');
  }
  checkTrainingData(data, 'regression');
  const { rows: n, width: p, values } = data.train.x;
  const y = data.train.y;

  // One pass: the upper triangle of XᵀX, the column sums and Xᵀy.
  const gram = new Float64Array(p * p);
  const sums = new Float64Array(p);
  const xy = new Float64Array(p);
  let ySum = 0;
  const nonZero = new Int32Array(p);
  for (let i = 0; i < n; i++) {
    const row = i * p;
    const yi = y[i];
    ySum += yi;
    let count = 0;
    for (let a = 0; a < p; a++) if (values[row + a] !== 0) nonZero[count++] = a;
    for (let s = 0; s < count; s++) {
      const a = nonZero[s];
      const xa = values[row + a];
      sums[a] += xa;
      xy[a] += xa * yi;
      const g = a * p;
      for (let t = s; t < count; t++) {
        const b = nonZero[t];
        gram[g + b] += xa * values[row + b];
      }
    }
  }

  // Centre: C = XᵀX − n·m·mᵀ, c = Xᵀy − n·m·ȳ.
  const yMean = ySum / n;
  const means = sums.map((s) => s / n);
  let trace = 0;
  for (let a = 0; a < p; a++) {
    for (let b = a; b < p; b++) {
      const v = gram[a * p + b] - n * means[a] * means[b];
      gram[a * p + b] = v;
      gram[b * p + a] = v;
    }
    xy[a] -= n * means[a] * yMean;
    trace += gram[a * p + a];
  }

  let ridge = n * l2 + RIDGE_JITTER * trace;
  if (!(ridge > 0)) ridge = RIDGE_JITTER;
  let w: Float64Array | null = null;
  for (let attempt = 0; attempt < 6 && w === null; attempt++, ridge *= 100) {
    w = solveRidge(gram, p, ridge, xy);
  }
  if (w === null) {
    throw new ModelError('Linear regression could not be solved: the inputs are numerically degenerate.');
  }

  const { mean, std } = targetScale(y);
  let intercept = yMean;
  for (let a = 0; a < p; a++) intercept -= means[a] * w[a];
  const weights = Float32Array.from(w, (v) => v / std);
  const bias = Float32Array.of((intercept - mean) / std);
  const parameters: DenseParameters = {
    kind: 'linear-regression',
    task: 'regression',
    layers: [{ inputs: p, outputs: 1, weights, bias, activation: 'linear' }],
    outputScale: { mean, std },
  };
  const score = (part: 'train' | 'validation') =>
    regressionScores(predictLinear(parameters, data[part].x.values, data[part].x.rows), data[part].y, std);
  return closedFormResult(parameters, score('train'), score('validation'));
}

/**
 * Solves (C + ridge·I) w = c for symmetric C (p × p, full) by Cholesky; null when the matrix is
 * not numerically positive definite.
 */
function solveRidge(c: Float64Array, p: number, ridge: number, rhs: Float64Array): Float64Array | null {
  const l = new Float64Array(p * p);
  for (let j = 0; j < p; j++) {
    let d = c[j * p + j] + ridge;
    for (let k = 0; k < j; k++) d -= l[j * p + k] ** 2;
    if (!(d > 0) || !Number.isFinite(d)) return null;
    const ljj = Math.sqrt(d);
    l[j * p + j] = ljj;
    for (let i = j + 1; i < p; i++) {
      let v = c[i * p + j];
      for (let k = 0; k < j; k++) v -= l[i * p + k] * l[j * p + k];
      l[i * p + j] = v / ljj;
    }
  }
  // L z = rhs, then Lᵀ w = z.
  const z = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let v = rhs[i];
    for (let k = 0; k < i; k++) v -= l[i * p + k] * z[k];
    z[i] = v / l[i * p + i];
  }
  const w = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let v = z[i];
    for (let k = i + 1; k < p; k++) v -= l[k * p + i] * w[k];
    w[i] = v / l[i * p + i];
  }
  return w.every(Number.isFinite) ? w : null;
}

/** The model's predictions on the target's scale, from its float32 parameters. */
function predictLinear(parameters: DenseParameters, values: Float32Array, rows: number): Float64Array {
  const { weights, bias, inputs } = parameters.layers[0];
  const { mean, std } = parameters.outputScale ?? { mean: 0, std: 1 };
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let v = bias[0];
    for (let a = 0; a < inputs; a++) v += values[i * inputs + a] * weights[a];
    out[i] = v * std + mean;
  }
  return out;
}
