import { describe, expect, it } from 'vitest';
import {
  classificationMetrics,
  confusionMatrix,
  higherIsBetter,
  isMetricName,
  metricNames,
  perClassMetrics,
  predictClasses,
  regressionMetrics,
} from '$src/core/model/metrics';
import { createRandom } from '$src/core/random';

/** Binary probabilities (rows × 2) from the probability of class 1. */
function binary(p1: number[]): Float32Array {
  return Float32Array.from(p1.flatMap((p) => [1 - p, p]));
}

/** Mann–Whitney U / (n₁·n₀) from mid-ranks: an independent way to the ROC AUC. */
function rankAuc(positive: number[], scores: number[]): number {
  const order = scores.map((s, i) => ({ s, i })).sort((a, b) => a.s - b.s);
  const ranks = new Array<number>(scores.length);
  for (let k = 0; k < order.length; ) {
    let end = k;
    while (end + 1 < order.length && order[end + 1].s === order[k].s) end++;
    const midrank = (k + end) / 2 + 1;
    for (let m = k; m <= end; m++) ranks[order[m].i] = midrank;
    k = end + 1;
  }
  const n1 = positive.filter((p) => p === 1).length;
  const n0 = positive.length - n1;
  const rankSum = positive.reduce((sum, p, i) => sum + (p === 1 ? ranks[i] : 0), 0);
  return (rankSum - (n1 * (n1 + 1)) / 2) / (n1 * n0);
}

describe('metricNames and higherIsBetter', () => {
  it('names the metrics as the tables show them, in order', () => {
    expect(metricNames('classification')).toEqual(['Accuracy', 'Balanced accuracy', 'Precision', 'Recall', 'F1', 'MCC', 'ROC AUC', 'PR AUC', 'Log loss', 'Brier score']);
    expect(metricNames('regression')).toEqual(['MAE', 'RMSE', 'R²']);
  });

  it('knows which direction is better', () => {
    for (const m of ['Accuracy', 'Balanced accuracy', 'Precision', 'Recall', 'F1', 'MCC', 'ROC AUC', 'PR AUC', 'R²'] as const) expect(higherIsBetter(m)).toBe(true);
    for (const m of ['Log loss', 'Brier score', 'MAE', 'RMSE'] as const) expect(higherIsBetter(m)).toBe(false);
  });

  it('rejects a name that is not a metric', () => {
    expect(() => higherIsBetter('Accuracy %')).toThrow(/not a metric/);
  });

  it('recognises metric names', () => {
    expect(isMetricName('R²')).toBe(true);
    expect(isMetricName('ROC AUC')).toBe(true);
    expect(isMetricName('R2')).toBe(false);
  });
});

describe('predictClasses', () => {
  it('takes the most probable class, the lower index on a tie', () => {
    const p = Float32Array.from([0.2, 0.5, 0.3, 0.4, 0.4, 0.2, 0.1, 0.1, 0.8]);
    expect(Array.from(predictClasses(p, 3))).toEqual([1, 0, 2]);
    expect(Array.from(predictClasses(binary([0.5, 0.51]), 2))).toEqual([0, 1]);
  });

  it('applies a binary threshold as p₁ ≥ threshold and ignores it for multiclass', () => {
    expect(Array.from(predictClasses(binary([0.2, 0.3, 0.5, 0.9]), 2, 0.3))).toEqual([0, 1, 1, 1]);
    const p = Float32Array.from([0.2, 0.5, 0.3]);
    expect(Array.from(predictClasses(p, 3, 0.1))).toEqual([1]);
  });
});

describe('confusionMatrix and perClassMetrics', () => {
  // yTrue = a b c c b, yPred = a b b c a
  const yTrue = [0, 1, 2, 2, 1];
  const yPred = [0, 1, 1, 2, 0];

  it('counts [actual][predicted]', () => {
    expect(confusionMatrix(yTrue, yPred, 3)).toEqual([
      [1, 0, 0],
      [1, 1, 0],
      [0, 1, 1],
    ]);
  });

  it('gives precision, recall, F1 and support per class', () => {
    // a: TP 1, predicted 2, support 1 → P 1/2, R 1, F1 2·1/(2+1+0) = 2/3
    // b: TP 1, predicted 2, support 2 → P 1/2, R 1/2, F1 2/(2+1+1) = 1/2
    // c: TP 1, predicted 1, support 2 → P 1, R 1/2, F1 2/(2+0+1) = 2/3
    const m = perClassMetrics(yTrue, yPred, ['a', 'b', 'c']);
    expect(m.map((c) => c.name)).toEqual(['a', 'b', 'c']);
    expect(m.map((c) => c.precision)).toEqual([0.5, 0.5, 1]);
    expect(m.map((c) => c.recall)).toEqual([1, 0.5, 0.5]);
    expect(m[0].f1).toBeCloseTo(2 / 3, 12);
    expect(m[1].f1).toBeCloseTo(1 / 2, 12);
    expect(m[2].f1).toBeCloseTo(2 / 3, 12);
    expect(m.map((c) => c.support)).toEqual([1, 2, 2]);
  });

  it('takes the number of classes instead of their names', () => {
    const m = perClassMetrics(yTrue, yPred, 3);
    expect(m.map((c) => c.name)).toEqual(['0', '1', '2']);
    expect(m.map((c) => c.support)).toEqual([1, 2, 2]);
  });

  it('leaves undefined ratios null', () => {
    // Class c is never predicted and never present; class b is predicted but absent.
    const m = perClassMetrics([0, 0], [0, 1], ['a', 'b', 'c']);
    expect(m[1]).toEqual({ name: 'b', precision: 0, recall: null, f1: 0, support: 0 });
    expect(m[2]).toEqual({ name: 'c', precision: null, recall: null, f1: null, support: 0 });
  });

  it('rejects mismatched lengths and out-of-range classes', () => {
    expect(() => confusionMatrix([0, 1], [0], 2)).toThrow(/one prediction per row/);
    expect(() => confusionMatrix([0, 2], [0, 1], 2)).toThrow(/class index 2/);
  });
});

describe('classificationMetrics, binary', () => {
  const classes = ['no', 'yes'];
  // Row:     0    1    2    3    4    5
  // actual:  no   no   yes  yes  yes  no
  // p(yes): .1   .6   .8   .4   .9   .3
  // argmax:  no   yes  yes  no   yes  no   → TP 2 (rows 2, 4), FP 1 (row 1), FN 1 (row 3), TN 2
  const yTrue = Float32Array.from([0, 0, 1, 1, 1, 0]);
  const probabilities = binary([0.1, 0.6, 0.8, 0.4, 0.9, 0.3]);

  it('scores the positive class classes[1] at argmax', () => {
    const m = classificationMetrics(yTrue, probabilities, classes);
    expect(Object.keys(m)).toEqual(['Accuracy', 'Balanced accuracy', 'Precision', 'Recall', 'F1', 'MCC', 'ROC AUC', 'PR AUC', 'Log loss', 'Brier score']);
    expect(m.Accuracy).toBeCloseTo(4 / 6, 12);
    expect(m.Precision).toBeCloseTo(2 / 3, 12);
    expect(m.Recall).toBeCloseTo(2 / 3, 12);
    // F1 = 2·TP / (2·TP + FP + FN) = 4 / 6
    expect(m.F1).toBeCloseTo(2 / 3, 12);
    // Positive–negative pairs ranked right: .9 beats all 3, .8 all 3, .4 beats .1 and .3 → 8 / 9
    expect(m['ROC AUC']).toBeCloseTo(8 / 9, 12);
    // −(ln .9 + ln .4 + ln .8 + ln .4 + ln .9 + ln .7) / 6 = 2.6231209 / 6
    expect(m['Log loss']).toBeCloseTo(0.4371868, 6);
  });

  it('applies the threshold to the class metrics only', () => {
    // p(yes) ≥ .35 predicts yes for rows 1–4: TP 3, FP 1, FN 0, TN 2.
    const m = classificationMetrics(yTrue, probabilities, classes, 0.35);
    expect(m.Accuracy).toBeCloseTo(5 / 6, 12);
    expect(m.Precision).toBeCloseTo(3 / 4, 12);
    expect(m.Recall).toBe(1);
    expect(m.F1).toBeCloseTo(6 / 7, 12);
    expect(m['ROC AUC']).toBeCloseTo(8 / 9, 12);
    expect(m['Log loss']).toBeCloseTo(0.4371868, 6);
  });

  it('counts ties as half in the ROC AUC (Mann–Whitney)', () => {
    // positives score .5, .8, .2; negatives .5, .2, .5.
    // .5 vs (.5, .2, .5) → ½ + 1 + ½ = 2; .8 → 3; .2 vs (.5, .2, .5) → ½. AUC = 5.5 / 9.
    // Mid-ranks: .2 .2 → 1.5, .5 .5 .5 → 4, .8 → 6; U = (4 + 6 + 1.5) − 3·4/2 = 5.5.
    const m = classificationMetrics([0, 1, 0, 1, 1, 0], binary([0.5, 0.5, 0.2, 0.8, 0.2, 0.5]), classes);
    expect(m['ROC AUC']).toBeCloseTo(5.5 / 9, 12);
  });

  it('agrees with mid-rank Mann–Whitney on random scores with many ties', () => {
    const random = createRandom(11);
    for (let trial = 0; trial < 20; trial++) {
      const n = 30 + random.int(50);
      const y = Array.from({ length: n }, () => (random.next() < 0.4 ? 1 : 0));
      const p1 = y.map((label) => Math.min(1, Math.round((random.next() * 0.7 + label * 0.3) * 10) / 10));
      if (!y.includes(0) || !y.includes(1)) continue;
      const probabilities = binary(p1);
      const scores = y.map((_, i) => probabilities[i * 2 + 1]);
      const m = classificationMetrics(y, probabilities, classes);
      expect(m['ROC AUC']).toBeCloseTo(rankAuc(y, scores), 12);
    }
  });

  it('is perfect on perfect predictions', () => {
    const m = classificationMetrics([0, 1, 1, 0], binary([0, 1, 1, 0]), classes);
    expect(m.Accuracy).toBe(1);
    expect(m.Precision).toBe(1);
    expect(m.Recall).toBe(1);
    expect(m.F1).toBe(1);
    expect(m['ROC AUC']).toBe(1);
    // Clipped to 1 − 1e-15: the loss is −ln(1 − 1e-15) ≈ 1e-15, not 0 and not NaN.
    expect(m['Log loss']).toBeGreaterThan(0);
    expect(m['Log loss']).toBeLessThan(1e-14);
  });

  it('scores all-wrong confident predictions at the clipped extreme', () => {
    // Predicts yes for the no row and no for the yes row: TP 0, FP 1, FN 1.
    const m = classificationMetrics([0, 1], binary([1, 0]), classes);
    expect(m.Accuracy).toBe(0);
    expect(m.Precision).toBe(0);
    expect(m.Recall).toBe(0);
    expect(m.F1).toBe(0);
    expect(m['ROC AUC']).toBe(0);
    // −ln(1e-15) = 15 · ln 10
    expect(m['Log loss']).toBeCloseTo(15 * Math.LN10, 9);
  });

  it('returns null where a metric is not defined', () => {
    // Only the positive class present: no AUC; everything predicted yes.
    const one = classificationMetrics([1, 1, 1], binary([0.9, 0.8, 0.7]), classes);
    expect(one['ROC AUC']).toBeNull();
    expect(one.Accuracy).toBe(1);
    expect(one.Precision).toBe(1);
    // No positive predicted: precision undefined; recall and F1 are 0.
    const none = classificationMetrics([0, 1], binary([0.1, 0.2]), classes);
    expect(none.Precision).toBeNull();
    expect(none.Recall).toBe(0);
    expect(none.F1).toBe(0);
    // Only negatives, none predicted positive: nothing about the positive class is defined.
    const negatives = classificationMetrics([0, 0], binary([0.1, 0.2]), classes);
    expect(negatives.Precision).toBeNull();
    expect(negatives.Recall).toBeNull();
    expect(negatives.F1).toBeNull();
    expect(negatives['ROC AUC']).toBeNull();
    // No rows at all.
    const empty = classificationMetrics([], new Float32Array(0), classes);
    expect(Object.values(empty).every((v) => v === null)).toBe(true);
  });

  it('rejects a probability matrix of the wrong size', () => {
    expect(() => classificationMetrics([0, 1], Float32Array.from([0.5, 0.5, 1]), classes)).toThrow(/2 × 2 probabilities/);
  });
});

describe('classificationMetrics, multiclass', () => {
  const classes = ['a', 'b', 'c'];
  // Row  actual  p(a) p(b) p(c)  argmax
  //  0   a       .7   .2   .1    a ✓
  //  1   b       .3   .4   .3    b ✓
  //  2   c       .2   .5   .3    b ✗
  //  3   c       .1   .1   .8    c ✓
  //  4   b       .6   .3   .1    a ✗
  const yTrue = Float32Array.from([0, 1, 2, 2, 1]);
  const probabilities = Float32Array.from([0.7, 0.2, 0.1, 0.3, 0.4, 0.3, 0.2, 0.5, 0.3, 0.1, 0.1, 0.8, 0.6, 0.3, 0.1]);

  it('gives macro averages and macro one-vs-rest AUC', () => {
    const m = classificationMetrics(yTrue, probabilities, classes);
    expect(m.Accuracy).toBeCloseTo(3 / 5, 12);
    // Per class (see the confusionMatrix test): P (1/2, 1/2, 1), R (1, 1/2, 1/2), F1 (2/3, 1/2, 2/3).
    expect(m.Precision).toBeCloseTo(2 / 3, 12);
    expect(m.Recall).toBeCloseTo(2 / 3, 12);
    expect(m.F1).toBeCloseTo(11 / 18, 12);
    // a vs rest: .7 beats .3 .2 .1 .6 → 1.
    // b vs rest: positives .4 .3, negatives .2 .5 .1 → (2 + 2) / 6 = 2/3.
    // c vs rest: positives .3 .8, negatives .1 .3 .1 → (2.5 + 3) / 6 = 11/12.
    // Macro: (1 + 2/3 + 11/12) / 3 = 31/36.
    expect(m['ROC AUC']).toBeCloseTo(31 / 36, 12);
    // −(ln .7 + ln .4 + ln .3 + ln .8 + ln .3) / 5 = 3.9040548 / 5
    expect(m['Log loss']).toBeCloseTo(0.7808110, 6);
  });

  it('ignores the threshold', () => {
    expect(classificationMetrics(yTrue, probabilities, classes, 0.05)).toEqual(classificationMetrics(yTrue, probabilities, classes));
  });

  it('counts a class that is never predicted as precision 0 in the macro average', () => {
    // Everything predicted a: P (1/3, 0, 0), R (1, 0, 0), F1 (2/(2+2+0) = 1/2, 0, 0).
    const m = classificationMetrics([0, 1, 2], Float32Array.from([0.8, 0.1, 0.1, 0.5, 0.3, 0.2, 0.4, 0.3, 0.3]), classes);
    expect(m.Precision).toBeCloseTo(1 / 9, 12);
    expect(m.Recall).toBeCloseTo(1 / 3, 12);
    expect(m.F1).toBeCloseTo(1 / 6, 12);
  });

  it('averages over the classes present, leaving an absent class out of the AUC', () => {
    // Class c absent and never predicted: P, R over a and b only; AUC over a and b only.
    // a vs rest: .9 and .6 against .2 → 1; b vs rest: .8 against .1 and .3 → 1.
    const p = Float32Array.from([0.9, 0.05, 0.05, 0.6, 0.3, 0.1, 0.2, 0.8, 0]);
    const m = classificationMetrics([0, 0, 1], p, classes);
    expect(m.Accuracy).toBe(1);
    expect(m.Precision).toBe(1);
    expect(m.Recall).toBe(1);
    expect(m['ROC AUC']).toBe(1);
  });

  it('is perfect on perfect predictions and null where undefined', () => {
    const perfect = classificationMetrics([0, 1, 2], Float32Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1]), classes);
    expect(perfect.Accuracy).toBe(1);
    expect(perfect.F1).toBe(1);
    expect(perfect['ROC AUC']).toBe(1);
    // One class only: no one-vs-rest AUC is defined.
    const one = classificationMetrics([1, 1], Float32Array.from([0.1, 0.8, 0.1, 0.2, 0.7, 0.1]), classes);
    expect(one['ROC AUC']).toBeNull();
    expect(one.Accuracy).toBe(1);
  });
});

describe('classificationMetrics under imbalance and for calibration', () => {
  // Expected values from scikit-learn 1.2 (balanced_accuracy_score, matthews_corrcoef,
  // average_precision_score, brier_score_loss) on the same rows.
  it('gives balanced accuracy, MCC, PR AUC and the Brier score of a binary model', () => {
    const y = [0, 0, 0, 1, 1, 0, 1, 0];
    const m = classificationMetrics(y, binary([0.1, 0.4, 0.35, 0.8, 0.3, 0.6, 0.9, 0.2]), ['no', 'yes']);
    expect(m['Balanced accuracy']).toBeCloseTo(0.7333333333, 9);
    expect(m.MCC).toBeCloseTo(0.4666666667, 9);
    expect(m['PR AUC']).toBeCloseTo(0.8333333333, 9);
    expect(m['Brier score']).toBeCloseTo(0.1540625, 6);
  });

  it('gives their multiclass forms: mean recall, Gorodkin’s MCC, one-vs-rest PR AUC, Brier summed over classes', () => {
    const y = [0, 1, 2, 2, 1, 0, 2];
    const p = Float32Array.from([0.7, 0.2, 0.1, 0.2, 0.5, 0.3, 0.1, 0.2, 0.7, 0.3, 0.4, 0.3, 0.1, 0.8, 0.1, 0.5, 0.3, 0.2, 0.2, 0.2, 0.6]);
    const m = classificationMetrics(y, p, ['a', 'b', 'c']);
    expect(m['Balanced accuracy']).toBeCloseTo(0.8888888889, 9);
    expect(m.MCC).toBeCloseTo(0.8125, 9);
    expect(m['PR AUC']).toBeCloseTo(0.9722222222, 9);
    expect(m['Brier score']).toBeCloseTo(0.2971428571, 6);
  });

  it('does not flatter always predicting the majority: balanced accuracy ½, MCC undefined', () => {
    const y = [0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
    const m = classificationMetrics(y, binary(Array(10).fill(0.1)), ['no', 'yes']);
    expect(m.Accuracy).toBe(0.9);
    expect(m['Balanced accuracy']).toBe(0.5);
    expect(m.MCC).toBeNull();
  });
});

describe('regressionMetrics', () => {
  it('computes MAE, RMSE and R² by hand', () => {
    // errors .5, −.5, 0, −1 → MAE 2/4 = .5, MSE (.25 + .25 + 0 + 1)/4 = .375
    // mean 2.875, SStot = .015625 + 11.390625 + .765625 + 17.015625 = 29.1875, SSres = 1.5
    const m = regressionMetrics(Float32Array.from([3, -0.5, 2, 7]), Float32Array.from([2.5, 0, 2, 8]));
    expect(Object.keys(m)).toEqual(['MAE', 'RMSE', 'R²']);
    expect(m.MAE).toBeCloseTo(0.5, 12);
    expect(m.RMSE).toBeCloseTo(Math.sqrt(0.375), 12);
    expect(m['R²']).toBeCloseTo(1 - 1.5 / 29.1875, 12);
  });

  it('is negative when worse than the mean, 1 when perfect', () => {
    // SSres = 4 + 0 + 4 = 8, SStot = 1 + 0 + 1 = 2 → R² = 1 − 4 = −3
    const worse = regressionMetrics([1, 2, 3], [3, 2, 1]);
    expect(worse.MAE).toBeCloseTo(4 / 3, 12);
    expect(worse.RMSE).toBeCloseTo(Math.sqrt(8 / 3), 12);
    expect(worse['R²']).toBeCloseTo(-3, 12);
    expect(regressionMetrics([1, 2, 3], [1, 2, 3])).toEqual({ MAE: 0, RMSE: 0, 'R²': 1 });
  });

  it('leaves R² null for a constant target and everything null without rows', () => {
    const constant = regressionMetrics(Float32Array.from([0.1, 0.1, 0.1]), Float32Array.from([0.2, 0.1, 0]));
    expect(constant['R²']).toBeNull();
    expect(constant.MAE).toBeCloseTo(0.2 / 3, 6);
    expect(regressionMetrics([], [])).toEqual({ MAE: null, RMSE: null, 'R²': null });
    expect(() => regressionMetrics([1, 2], [1])).toThrow(/one prediction per row/);
  });
});
