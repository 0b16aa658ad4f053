/**
 * The losses gradient boosting minimises, as what the booster needs of them: the initial
 * margins, each row's gradient and hessian with respect to its margin, and the loss and metric
 * of a part for the training curve.
 *
 * Margins ("raw" predictions) are kept output-major: output k of row i at `raw[k * n + i]`.
 *
 * - `log-loss`, two classes: one margin, p(class 1) = sigmoid(margin); g = p − y, h = p(1 − p).
 * - `log-loss`, K > 2 classes: one margin per class, softmax; g_k = p_k − [y = k],
 *   h_k = p_k(1 − p_k) (the diagonal, as scikit-learn and XGBoost use).
 * - `squared-error`: g = margin − y, h = 1. `absolute-error`: g = sign(margin − y), h = 1, and
 *   the leaves are refitted to the median residual (see `medianResidual`).
 *
 * The curve reports what the studio's other models report (see ../models/common.ts): mean log
 * loss and accuracy; for regression, the squared error over the train target's variance and R²
 * — except that with `absolute-error` the loss is the mean absolute error over the train
 * target's standard deviation, so early stopping watches the loss being minimised.
 */
import { MIN_PROBABILITY, rSquared, totalSumOfSquares } from '../models/common';

export type BoostingLoss = 'log-loss' | 'squared-error' | 'absolute-error';

/** The margins a model with no trees starts from (what minimises the loss on the train rows). */
export function initialMargins(loss: BoostingLoss, y: Float32Array, outputs: number): Float64Array {
  const n = y.length;
  const base = new Float64Array(outputs);
  if (loss === 'log-loss') {
    const counts = new Float64Array(Math.max(2, outputs));
    for (let i = 0; i < n; i++) counts[y[i]] += 1;
    const clamp = (p: number) => Math.min(1 - MIN_PROBABILITY, Math.max(MIN_PROBABILITY, p));
    if (outputs === 1) {
      const p = clamp(counts[1] / n);
      base[0] = Math.log(p / (1 - p));
    } else {
      for (let k = 0; k < outputs; k++) base[k] = Math.log(clamp(counts[k] / n));
    }
  } else if (loss === 'squared-error') {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += y[i];
    base[0] = sum / n;
  } else {
    base[0] = median(Float64Array.from(y));
  }
  for (let k = 0; k < outputs; k++) base[k] = Math.fround(base[k]);
  return base;
}

/**
 * Per row, log Σ_k e^{margin_k} (softmax's normaliser), computed once per iteration before its
 * K trees, so every class's gradients come from the same margins.
 */
export function softmaxNormalisers(raw: Float64Array, n: number, outputs: number, out: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let max = -Infinity;
    for (let k = 0; k < outputs; k++) max = Math.max(max, raw[k * n + i]);
    let sum = 0;
    for (let k = 0; k < outputs; k++) sum += Math.exp(raw[k * n + i] - max);
    out[i] = max + Math.log(sum);
  }
}

/** Gradients and hessians of output `k` for every row; `normalisers` only for multiclass. */
export function lossGradients(
  loss: BoostingLoss,
  raw: Float64Array,
  y: Float32Array,
  outputs: number,
  k: number,
  normalisers: Float64Array,
  g: Float64Array,
  h: Float64Array,
): void {
  const n = y.length;
  const offset = k * n;
  if (loss === 'log-loss' && outputs === 1) {
    binaryGradientsAndScores(raw, y, g, h);
  } else if (loss === 'log-loss') {
    for (let i = 0; i < n; i++) {
      const p = Math.exp(raw[offset + i] - normalisers[i]);
      g[i] = p - (y[i] === k ? 1 : 0);
      h[i] = Math.max(p * (1 - p), 1e-16);
    }
  } else if (loss === 'squared-error') {
    for (let i = 0; i < n; i++) g[i] = raw[i] - y[i];
    h.fill(1);
  } else {
    for (let i = 0; i < n; i++) g[i] = Math.sign(raw[i] - y[i]);
    h.fill(1);
  }
}

/**
 * Binary log loss in one pass over the train rows: every row's gradient and hessian at its
 * margin, and the loss and accuracy of those margins (what `partScores` gives), sharing one
 * exp per row. The booster calls it right after an iteration's tree: the scores are that
 * iteration's train record, the gradients the next iteration's.
 *
 * The loss is a sum of −log p(label); a log costs about as much as the exp, so the
 * probabilities are multiplied in runs of `LOG_RUN` and each run's product takes one log. Each
 * factor is at least MIN_PROBABILITY (1e-12), so a run's product stays far above the smallest
 * double, and the result differs from the sum of logs by rounding only.
 */
export function binaryGradientsAndScores(raw: Float64Array, y: Float32Array, g: Float64Array, h: Float64Array): { loss: number; metric: number } {
  const n = y.length;
  let sum = 0;
  let product = 1;
  let correct = 0;
  for (let i = 0; i < n; i++) {
    const m = raw[i];
    const e = Math.exp(-m);
    const p = 1 / (1 + e);
    const label = y[i];
    g[i] = p - label;
    h[i] = Math.max(p * (1 - p), 1e-16);
    // p(label): p for class 1; 1 − p = e·p for class 0, exact where 1 − p would round to 0
    // (e is infinite only for a margin below −709, where p(class 0) is 1).
    const q = label === 1 ? p : e === Infinity ? 1 : e * p;
    product *= q > MIN_PROBABILITY ? q : MIN_PROBABILITY;
    if ((i & (LOG_RUN - 1)) === LOG_RUN - 1) {
      sum -= Math.log(product);
      product = 1;
    }
    if (m > 0 === (label === 1)) correct++;
  }
  sum -= Math.log(product);
  return { loss: n === 0 ? NaN : sum / n, metric: n === 0 ? NaN : correct / n };
}

/** Probabilities multiplied before one log (a power of two; 16 × log10(1e-12) is far above −308). */
const LOG_RUN = 16;

/** The train target's statistics that scale the regression curve. */
export interface TargetScale {
  std: number;
}

/** Loss and metric of a part from its margins (see the header for the definitions). */
export function partScores(
  loss: BoostingLoss,
  raw: Float64Array,
  y: Float32Array,
  outputs: number,
  scale: TargetScale,
): { loss: number; metric: number } {
  const n = y.length;
  if (n === 0) return { loss: NaN, metric: NaN };
  if (loss === 'log-loss' && outputs === 1) {
    // −log p(label) = log(1 + e^z) with z = −margin for class 1 and +margin for class 0, computed
    // without overflow; p(1) > p(0) exactly when the margin is positive.
    // p(label) = 1 / (1 + e^z), from e^−|z| without overflow; the logs taken per run of
    // LOG_RUN products, as in binaryGradientsAndScores.
    let sum = 0;
    let product = 1;
    let correct = 0;
    for (let i = 0; i < n; i++) {
      const m = raw[i];
      const positive = y[i] === 1;
      const z = positive ? -m : m;
      const t = Math.exp(-Math.abs(z));
      const q = z > 0 ? t / (1 + t) : 1 / (1 + t);
      product *= q > MIN_PROBABILITY ? q : MIN_PROBABILITY;
      if ((i & (LOG_RUN - 1)) === LOG_RUN - 1) {
        sum -= Math.log(product);
        product = 1;
      }
      if (m > 0 === positive) correct++;
    }
    sum -= Math.log(product);
    return { loss: sum / n, metric: correct / n };
  }
  if (loss === 'log-loss') {
    let sum = 0;
    let correct = 0;
    for (let i = 0; i < n; i++) {
      const label = y[i];
      let max = -Infinity;
      let best = 0;
      for (let k = 0; k < outputs; k++) {
        const m = raw[k * n + i];
        if (m > max) {
          max = m;
          best = k;
        }
      }
      let total = 0;
      for (let k = 0; k < outputs; k++) total += Math.exp(raw[k * n + i] - max);
      sum -= Math.log(Math.max(MIN_PROBABILITY, Math.exp(raw[label * n + i] - max) / total));
      if (best === label) correct++;
    }
    return { loss: sum / n, metric: correct / n };
  }
  let sse = 0;
  let sae = 0;
  for (let i = 0; i < n; i++) {
    const d = raw[i] - y[i];
    sse += d * d;
    sae += Math.abs(d);
  }
  const metric = rSquared(sse, totalSumOfSquares(y), n);
  const value = loss === 'squared-error' ? sse / n / (scale.std * scale.std) : sae / n / scale.std;
  return { loss: value, metric };
}

/**
 * For `absolute-error`, a leaf's value is the median of its rows' residuals y − margin (what
 * minimises the absolute error within the leaf; the gradient step only chose the split), as
 * scikit-learn does. `rows[start … end)` are the leaf's rows; `buffer` scratch of that size.
 */
export function medianResidual(rows: Uint32Array, start: number, end: number, y: Float32Array, raw: Float64Array, buffer: Float64Array): number {
  const n = end - start;
  const residuals = buffer.subarray(0, n);
  for (let i = 0; i < n; i++) {
    const r = rows[start + i];
    residuals[i] = y[r] - raw[r];
  }
  return median(residuals);
}

/** The median (mean of the middle two for an even count); sorts `values` in place. */
function median(values: Float64Array): number {
  const n = values.length;
  if (n === 0) return 0;
  values.sort();
  return n % 2 === 1 ? values[(n - 1) / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}
