import { describe, expect, it } from 'vitest';
import { classCurves, prCurve, rocAuc, rocCurve, type RocPoint } from '$src/core/model/curves';
import { createRandom } from '$src/core/random';

const f = Math.fround;

function trapezoid(points: RocPoint[]): number {
  let area = 0;
  for (let k = 1; k < points.length; k++) {
    area += ((points[k].fpr - points[k - 1].fpr) * (points[k].tpr + points[k - 1].tpr)) / 2;
  }
  return area;
}

// Scores sorted: .9 P, .8 P, .6 N, .4 P, .3 N, .1 N (3 positives, 3 negatives).
const positive = [0, 0, 1, 1, 1, 0];
const scores = Float32Array.from([0.1, 0.6, 0.8, 0.4, 0.9, 0.3]);

// Tied scores: .8 P, then .5 × {N, P, N}, then .2 × {N, P}.
const tiedPositive = [0, 1, 0, 1, 1, 0];
const tiedScores = [0.5, 0.5, 0.2, 0.8, 0.2, 0.5];

describe('rocCurve', () => {
  it('walks the distinct scores from (0, 0) to (1, 1), dropping points inside straight runs', () => {
    // All points: (0,0) (0,⅓) (0,⅔) (⅓,⅔) (⅓,1) (⅔,1) (1,1); (0,⅓) and (⅔,1) sit inside runs.
    expect(rocCurve(positive, scores)).toEqual([
      { fpr: 0, tpr: 0, threshold: Infinity },
      { fpr: 0, tpr: 2 / 3, threshold: f(0.8) },
      { fpr: 1 / 3, tpr: 2 / 3, threshold: f(0.6) },
      { fpr: 1 / 3, tpr: 1, threshold: f(0.4) },
      { fpr: 1, tpr: 1, threshold: f(0.1) },
    ]);
  });

  it('moves diagonally through tied scores', () => {
    expect(rocCurve(tiedPositive, tiedScores)).toEqual([
      { fpr: 0, tpr: 0, threshold: Infinity },
      { fpr: 0, tpr: 1 / 3, threshold: 0.8 },
      { fpr: 2 / 3, tpr: 2 / 3, threshold: 0.5 },
      { fpr: 1, tpr: 1, threshold: 0.2 },
    ]);
  });

  it('accepts booleans and handles a single class', () => {
    expect(rocCurve([true, false], [0.9, 0.1])).toEqual([
      { fpr: 0, tpr: 0, threshold: Infinity },
      { fpr: 0, tpr: 1, threshold: 0.9 },
      { fpr: 1, tpr: 1, threshold: 0.1 },
    ]);
    const noPositives = rocCurve([0, 0, 0], [0.3, 0.2, 0.1]);
    expect(noPositives[0]).toEqual({ fpr: 0, tpr: 0, threshold: Infinity });
    expect(noPositives[noPositives.length - 1]).toEqual({ fpr: 1, tpr: 0, threshold: 0.1 });
    expect(rocCurve([], [])).toEqual([{ fpr: 0, tpr: 0, threshold: Infinity }]);
  });

  it('rejects mismatched lengths and NaN scores', () => {
    expect(() => rocCurve([0, 1], [0.5])).toThrow(/one score per row/);
    expect(() => rocCurve([0, 1], [0.5, NaN])).toThrow(/Score 1 is not a number/);
  });
});

describe('rocAuc', () => {
  it('is the Mann–Whitney statistic, ties counting one half', () => {
    // 8 of 9 positive–negative pairs ranked right.
    expect(rocAuc(positive, scores)).toBeCloseTo(8 / 9, 12);
    // Pairs: .8 → 3, the tied .5 → ½ + 1 + ½, the tied .2 → ½: 5.5 / 9.
    expect(rocAuc(tiedPositive, tiedScores)).toBeCloseTo(5.5 / 9, 12);
    // All scores tied: chance.
    expect(rocAuc([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5])).toBe(0.5);
  });

  it('equals the trapezoidal area under the ROC curve', () => {
    expect(trapezoid(rocCurve(positive, scores))).toBeCloseTo(8 / 9, 12);
    expect(trapezoid(rocCurve(tiedPositive, tiedScores))).toBeCloseTo(5.5 / 9, 12);
    const random = createRandom(5);
    for (let trial = 0; trial < 20; trial++) {
      const n = 20 + random.int(200);
      const y = Array.from({ length: n }, (_, i) => (i < 2 ? i : random.int(2)));
      const s = y.map((label) => Math.round((random.next() + label * 0.4) * 8) / 8);
      expect(trapezoid(rocCurve(y, s))).toBeCloseTo(rocAuc(y, s)!, 12);
    }
  });

  it('is 1 when perfect, 0 when reversed, null with one class', () => {
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9])).toBe(1);
    expect(rocAuc([1, 1, 0, 0], [0.1, 0.2, 0.8, 0.9])).toBe(0);
    expect(rocAuc([1, 1], [0.1, 0.2])).toBeNull();
    expect(rocAuc([0, 0], [0.1, 0.2])).toBeNull();
    expect(rocAuc([], [])).toBeNull();
  });
});

describe('prCurve', () => {
  it('gives one point per distinct score and the step-wise average precision', () => {
    // threshold: TP FP → recall precision
    //   .9:      1  0  → ⅓ 1
    //   .8:      2  0  → ⅔ 1
    //   .6:      2  1  → ⅔ ⅔
    //   .4:      3  1  → 1 ¾
    //   .3:      3  2  → 1 ⅗
    //   .1:      3  3  → 1 ½
    // AP = ⅓·1 + ⅓·1 + 0·⅔ + ⅓·¾ + 0 + 0 = 11/12
    const { points, averagePrecision } = prCurve(positive, scores);
    expect(points[0]).toEqual({ recall: 0, precision: 1, threshold: Infinity });
    expect(points.slice(1).map((p) => [p.recall, p.precision, p.threshold])).toEqual([
      [1 / 3, 1, f(0.9)],
      [2 / 3, 1, f(0.8)],
      [2 / 3, 2 / 3, f(0.6)],
      [1, 3 / 4, f(0.4)],
      [1, 3 / 5, f(0.3)],
      [1, 1 / 2, f(0.1)],
    ]);
    expect(averagePrecision).toBeCloseTo(11 / 12, 12);
  });

  it('steps over tied scores at once', () => {
    // .8: 1 0 → ⅓ 1; .5: 2 2 → ⅔ ½; .2: 3 3 → 1 ½. AP = ⅓ + ⅓·½ + ⅓·½ = ⅔.
    const { points, averagePrecision } = prCurve(tiedPositive, tiedScores);
    expect(points.map((p) => [p.recall, p.precision])).toEqual([
      [0, 1],
      [1 / 3, 1],
      [2 / 3, 1 / 2],
      [1, 1 / 2],
    ]);
    expect(averagePrecision).toBeCloseTo(2 / 3, 12);
  });

  it('is 1 when perfect and null without positives', () => {
    expect(prCurve([0, 1, 1], [0.1, 0.7, 0.9]).averagePrecision).toBe(1);
    const none = prCurve([0, 0], [0.2, 0.4]);
    expect(none.averagePrecision).toBeNull();
    expect(none.points.slice(1).every((p) => p.recall === 0 && p.precision === 0)).toBe(true);
  });
});

describe('classCurves', () => {
  it('gives one curve for the positive class of a binary model', () => {
    const probabilities = Float32Array.from(Array.from(scores).flatMap((p) => [1 - p, p]));
    const curves = classCurves(positive, probabilities, ['no', 'yes']);
    expect(curves).toHaveLength(1);
    expect(curves[0].name).toBe('yes');
    expect(curves[0].auc).toBeCloseTo(8 / 9, 6);
    expect(curves[0].pr.averagePrecision).toBeCloseTo(11 / 12, 6);
  });

  it('gives one-vs-rest curves per class of a multiclass model', () => {
    // The rows of the multiclass metrics test: AUCs 1, ⅔, 11/12.
    const yTrue = [0, 1, 2, 2, 1];
    const probabilities = Float32Array.from([0.7, 0.2, 0.1, 0.3, 0.4, 0.3, 0.2, 0.5, 0.3, 0.1, 0.1, 0.8, 0.6, 0.3, 0.1]);
    const curves = classCurves(yTrue, probabilities, ['a', 'b', 'c']);
    expect(curves.map((c) => c.name)).toEqual(['a', 'b', 'c']);
    expect(curves[0].auc).toBe(1);
    expect(curves[1].auc).toBeCloseTo(2 / 3, 12);
    expect(curves[2].auc).toBeCloseTo(11 / 12, 12);
    for (const c of curves) {
      expect(c.roc[0]).toMatchObject({ fpr: 0, tpr: 0 });
      expect(c.roc[c.roc.length - 1]).toMatchObject({ fpr: 1, tpr: 1 });
    }
  });

  it('gives a null AUC for a class absent from the rows', () => {
    const curves = classCurves([0, 1], Float32Array.from([0.8, 0.1, 0.1, 0.2, 0.7, 0.1]), ['a', 'b', 'c']);
    expect(curves[2].auc).toBeNull();
    expect(curves[2].pr.averagePrecision).toBeNull();
    expect(() => classCurves([0, 1], Float32Array.from([1, 0, 0]), ['a', 'b'])).toThrow(/2 × 2 probabilities/);
  });
});
