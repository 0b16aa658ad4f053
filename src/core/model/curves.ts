/**
 * Threshold curves of a scoring classifier and the areas under them: the ROC curve (false
 * positive rate against true positive rate) with its area computed as the Mann–Whitney U
 * statistic, and the precision–recall curve with average precision. Multiclass models get one
 * curve per class, that class against the rest.
 *
 * A binary problem is given as `positive` (1 or true for the positive class, 0 or false for the
 * negative one) and `scores` (higher means more likely positive, e.g. the probability of the
 * positive class). Tied scores share one threshold, so they move the curve together.
 */

/** One point of a ROC curve: predicting positive when the score is ≥ `threshold`. */
export interface RocPoint {
  fpr: number;
  tpr: number;
  /** `Infinity` for the first point (nothing predicted positive). */
  threshold: number;
}

/** One point of a precision–recall curve: predicting positive when the score is ≥ `threshold`. */
export interface PrPoint {
  recall: number;
  precision: number;
  /** `Infinity` for the first point (recall 0, precision 1 by convention). */
  threshold: number;
}

export interface PrCurve {
  points: PrPoint[];
  /**
   * Σ (Rₙ − Rₙ₋₁) · Pₙ over the thresholds, the step-wise area without interpolation (as
   * scikit-learn's `average_precision_score`); null when there is no positive row.
   */
  averagePrecision: number | null;
}

/** A one-vs-rest view of one class of a multiclass (or binary) model. */
export interface ClassCurves {
  /** The class name. */
  name: string;
  roc: RocPoint[];
  /** Area under `roc`; null when the class is absent from the rows, or is every row. */
  auc: number | null;
  pr: PrCurve;
}

/** Cumulative counts at each distinct threshold, highest first. */
interface ThresholdCounts {
  thresholds: number[];
  /** True positives among the rows scoring ≥ the threshold. */
  tp: number[];
  /** False positives among the rows scoring ≥ the threshold. */
  fp: number[];
  positives: number;
  negatives: number;
}

function checkBinary(positive: ArrayLike<number | boolean>, scores: ArrayLike<number>): void {
  if (positive.length !== scores.length) {
    throw new Error(`Expected one score per row: ${positive.length} labels but ${scores.length} scores.`);
  }
  for (let i = 0; i < scores.length; i++) {
    if (Number.isNaN(scores[i])) throw new Error(`Score ${i} is not a number.`);
  }
}

function thresholdCounts(positive: ArrayLike<number | boolean>, scores: ArrayLike<number>): ThresholdCounts {
  checkBinary(positive, scores);
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b] - scores[a]);
  const thresholds: number[] = [];
  const tp: number[] = [];
  const fp: number[] = [];
  let t = 0;
  let f = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k];
    if (positive[i]) t += 1;
    else f += 1;
    // Record once per distinct score, after the last row that has it.
    if (k === n - 1 || scores[order[k + 1]] !== scores[i]) {
      thresholds.push(scores[i]);
      tp.push(t);
      fp.push(f);
    }
  }
  return { thresholds, tp, fp, positives: t, negatives: f };
}

/**
 * The ROC curve from (0, 0) to (1, 1), one point per distinct score. Points in the middle of a
 * straight horizontal or vertical run are dropped (they do not change the shape or the area).
 * With no positive rows the true positive rate is 0 throughout; with no negative rows the false
 * positive rate is.
 */
export function rocCurve(positive: ArrayLike<number | boolean>, scores: ArrayLike<number>): RocPoint[] {
  const { thresholds, tp, fp, positives, negatives } = thresholdCounts(positive, scores);
  const all: RocPoint[] = [{ fpr: 0, tpr: 0, threshold: Infinity }];
  for (let k = 0; k < thresholds.length; k++) {
    all.push({
      fpr: negatives > 0 ? fp[k] / negatives : 0,
      tpr: positives > 0 ? tp[k] / positives : 0,
      threshold: thresholds[k],
    });
  }
  const kept: RocPoint[] = [];
  for (let k = 0; k < all.length; k++) {
    const p = all[k];
    if (k > 0 && k < all.length - 1) {
      const a = kept[kept.length - 1];
      const b = all[k + 1];
      const vertical = a.fpr === p.fpr && p.fpr === b.fpr;
      const horizontal = a.tpr === p.tpr && p.tpr === b.tpr;
      if (vertical || horizontal) continue;
    }
    kept.push(p);
  }
  return kept;
}

/**
 * The area under the ROC curve as the Mann–Whitney statistic: the chance that a random positive
 * row scores above a random negative one, ties counting one half. Equal to the trapezoidal area
 * under {@link rocCurve}. Null when either class is absent.
 */
export function rocAuc(positive: ArrayLike<number | boolean>, scores: ArrayLike<number>): number | null {
  const { tp, fp, positives, negatives } = thresholdCounts(positive, scores);
  if (positives === 0 || negatives === 0) return null;
  // Walking down the thresholds, each group of tied rows adds the negatives it holds times the
  // positives above it, plus half the positive–negative pairs inside the group.
  let pairs = 0;
  let tpBefore = 0;
  let fpBefore = 0;
  for (let k = 0; k < tp.length; k++) {
    const newNegatives = fp[k] - fpBefore;
    const newPositives = tp[k] - tpBefore;
    pairs += newNegatives * tpBefore + 0.5 * newNegatives * newPositives;
    tpBefore = tp[k];
    fpBefore = fp[k];
  }
  return pairs / (positives * negatives);
}

/**
 * The precision–recall curve, starting at recall 0 and precision 1, one point per distinct
 * score, and its average precision.
 */
export function prCurve(positive: ArrayLike<number | boolean>, scores: ArrayLike<number>): PrCurve {
  const { thresholds, tp, fp, positives } = thresholdCounts(positive, scores);
  const points: PrPoint[] = [{ recall: 0, precision: 1, threshold: Infinity }];
  let averagePrecision = 0;
  let previousRecall = 0;
  for (let k = 0; k < thresholds.length; k++) {
    const recall = positives > 0 ? tp[k] / positives : 0;
    const precision = tp[k] / (tp[k] + fp[k]);
    points.push({ recall, precision, threshold: thresholds[k] });
    averagePrecision += (recall - previousRecall) * precision;
    previousRecall = recall;
  }
  return { points, averagePrecision: positives > 0 ? averagePrecision : null };
}

/**
 * One-vs-rest ROC and precision–recall curves from class indices and a rows × C probability
 * matrix (row-major). A binary model gives one entry, for the positive class `classes[1]`
 * scored by its probability; a multiclass model one entry per class.
 */
export function classCurves(yTrue: ArrayLike<number>, probabilities: ArrayLike<number>, classes: readonly string[]): ClassCurves[] {
  const c = classes.length;
  const rows = yTrue.length;
  if (c < 2) throw new Error('Curves need at least two classes.');
  if (probabilities.length !== rows * c) {
    throw new Error(`Expected ${rows} × ${c} probabilities but got ${probabilities.length} values.`);
  }
  const targets = c === 2 ? [1] : Array.from({ length: c }, (_, k) => k);
  return targets.map((k) => {
    const positive = new Uint8Array(rows);
    const scores = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      positive[i] = yTrue[i] === k ? 1 : 0;
      scores[i] = probabilities[i * c + k];
    }
    return { name: classes[k], roc: rocCurve(positive, scores), auc: rocAuc(positive, scores), pr: prCurve(positive, scores) };
  });
}
