import { describe, expect, it } from 'vitest';
import { kolmogorovQ, ksTest } from '$src/core/deploy/stats/ks';
import { range } from '../helpers';

describe('kolmogorovQ', () => {
  it('matches scipy.special.kolmogorov on both sides of the series switch at 1.18', () => {
    // scipy.special.kolmogorov(x)
    const known: [number, number][] = [
      [0.3, 0.9999906941986655],
      [0.5, 0.9639452436648751],
      [0.8, 0.5441424115741981],
      [1.0, 0.26999967167735456],
      [1.18, 0.1234538094297657],
      [1.2, 0.11224966667072497],
      [1.5, 0.022217962616525127],
      [2.0, 0.0006709252557796953],
      [3.0, 3.045995948942526e-8],
    ];
    for (const [x, q] of known) expect(kolmogorovQ(x)).toBeCloseTo(q, 12);
    expect(kolmogorovQ(0)).toBe(1);
    expect(kolmogorovQ(0.05)).toBe(1);
  });
});

describe('ksTest', () => {
  const a = Float64Array.from([0.61, 0.29, 0.06, 0.59, -1.73, -0.74, 0.51, -0.56, 0.39, 1.64, 0.05, -0.06, 0.64, -0.82, 0.37, 1.77, 1.09, -1.28, 2.36, 1.31, 1.05, -0.32, -0.4, 1.06, -2.47]);
  const b = Float64Array.from([2.2, 1.66, 1.38, 0.2, 0.36, 0, 0.96, 1.56, 0.44, 1.5, -0.3, 0.66, 2.31, 3.29, -0.27, -0.37, -0.38, -0.75, 0.33, 1.41, 1.56, 0.34, 1.09, 2.02, 1.03]);

  it('matches scipy.stats.ks_2samp on two samples of 25', () => {
    // scipy.stats.ks_2samp(a, b): statistic = 0.28; p = 0.2850 (method='exact'), 0.2523 (method='asymp').
    // Ours: λ = (√12.5 + 0.12 + 0.11/√12.5)·0.28 = 1.032261; scipy.special.kolmogorov(λ) = 0.237010099316509.
    const r = ksTest(a, b);
    expect(r.statistic).toBeCloseTo(0.28, 12);
    expect(r.pValue).toBeCloseTo(0.237010099316509, 9);
    expect(Math.abs(r.pValue - 0.2850421476958367)).toBeLessThan(0.06);
    // Symmetric, and the input order does not matter.
    expect(ksTest(b, a).statistic).toBeCloseTo(0.28, 12);
  });

  it('matches scipy on larger samples, where the asymptotic p-value is close to the exact one', () => {
    const A = Float64Array.from(range(0, 300), (i) => Math.sin(i + 1) * 2);
    const B = Float64Array.from(range(0, 200), (j) => Math.cos(1.7 * j) * 2 + 0.3);
    // scipy.stats.ks_2samp(A, B): statistic = 0.18, p = 0.000750529 (exact), 0.000712827 (asymp);
    // ours: kolmogorov((√120 + 0.12 + 0.11/√120)·0.18) = kolmogorov(1.9952087) = 0.000697109
    const r = ksTest(A, B);
    expect(r.statistic).toBeCloseTo(0.18, 12);
    expect(r.pValue).toBeCloseTo(0.0006971093558750082, 9);
    expect(r.pValue / 0.0007505287685634804).toBeGreaterThan(0.9);
  });

  it('handles ties exactly by stepping past every copy of a value', () => {
    const x = Float64Array.from([1, 1, 2, 2, 3, 3, 3, 4, 5, 5]);
    const y = Float64Array.from([2, 3, 3, 4, 4, 5, 5, 6, 6, 6]);
    // scipy.stats.ks_2samp(x, y): statistic = 0.4 (at 3), p (exact) = 0.4175;
    // ours: kolmogorov((√5 + 0.12 + 0.11/√5)·0.4) = kolmogorov(0.9621046) = 0.312853
    const r = ksTest(x, y);
    expect(r.statistic).toBeCloseTo(0.4, 12);
    expect(r.pValue).toBeCloseTo(0.3128526760169558, 9);
    // Identical samples with ties: no gap at all.
    expect(ksTest(x, Float64Array.from(x).reverse())).toEqual({ statistic: 0, pValue: 1 });
  });

  it('gives D = 1 for samples that do not overlap, and NaN for an empty sample', () => {
    const r = ksTest(Float64Array.from(range(0, 50)), Float64Array.from(range(100, 150)));
    expect(r.statistic).toBe(1);
    expect(r.pValue).toBeLessThan(1e-15);
    const empty = ksTest(new Float64Array(0), Float64Array.from([1]));
    expect(empty.statistic).toBeNaN();
    expect(empty.pValue).toBeNaN();
    // NaN values are left out.
    expect(ksTest(Float64Array.from([1, 2, NaN]), Float64Array.from([1, 2])).statistic).toBe(0);
  });
});
