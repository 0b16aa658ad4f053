import { describe, expect, it } from 'vitest';
import { chiSquareSurvival, logGamma, regularizedGammaP, regularizedGammaQ } from '$src/core/deploy/stats/gamma';

describe('gamma functions', () => {
  it('ln Γ matches scipy.special.gammaln', () => {
    // gammaln([0.5, 1, 3.7, 10, 100.5]) = [0.57236494, 0, 1.42807233, 12.80182748, 361.43554047]
    expect(logGamma(0.5)).toBeCloseTo(0.5723649429247001, 12); // ln √π
    expect(logGamma(1)).toBeCloseTo(0, 12);
    expect(logGamma(3.7)).toBeCloseTo(1.42807233, 7);
    expect(logGamma(10)).toBeCloseTo(Math.log(362880), 10);
    expect(logGamma(100.5)).toBeCloseTo(361.43554047, 6);
  });

  it('the regularised incomplete gamma matches scipy.special.gammaincc / gammainc', () => {
    // [a, x, gammaincc(a, x)] from scipy 1.10
    const known: [number, number, number][] = [
      [1, 2.9955, 0.05001161502657909],
      [0.5, 1.0, 0.15729920705028105],
      [2.5, 3.0, 0.30621891841327875],
      [5, 2, 0.9473469826562889],
      [10, 15, 0.06985366069940986],
      [3, 0.1, 0.9998453469297354],
      [0.1, 0.01, 0.3373787400455204],
      [20, 40, 0.0001763028977385677],
    ];
    for (const [a, x, q] of known) {
      expect(regularizedGammaQ(a, x)).toBeCloseTo(q, 12);
      expect(regularizedGammaP(a, x)).toBeCloseTo(1 - q, 12);
    }
    // Q(1, x) = e^−x exactly; a small upper tail keeps its relative precision.
    expect(regularizedGammaQ(1, 50) / Math.exp(-50)).toBeCloseTo(1, 10);
    expect(regularizedGammaQ(2, 0)).toBe(1);
    expect(regularizedGammaP(2, 0)).toBe(0);
    expect(regularizedGammaQ(0, 1)).toBeNaN();
    expect(regularizedGammaQ(1, -1)).toBeNaN();
  });

  it('gives the chi-square upper tail', () => {
    // scipy.stats.chi2.sf(5.991, 2) = 0.050012; chi2.sf(3.841, 1) = 0.050014; chi2.sf(11.07, 5) = 0.050010
    expect(chiSquareSurvival(5.991, 2)).toBeCloseTo(0.05001161502657909, 12);
    expect(chiSquareSurvival(3.841, 1)).toBeCloseTo(0.050013683763956804, 10);
    expect(chiSquareSurvival(11.07, 5)).toBeCloseTo(0.050009618622405425, 10);
  });
});
