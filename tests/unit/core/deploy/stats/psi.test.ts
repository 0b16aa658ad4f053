import { describe, expect, it } from 'vitest';
import { populationStabilityIndex } from '$src/core/deploy/stats/psi';

describe('populationStabilityIndex', () => {
  it('matches hand-computed values', () => {
    // (−.15)·ln(.4) + (−.05)·ln(.8) + (.05)·ln(1.2) + (.15)·ln(1.6)
    //   = 0.137444 + 0.011157 + 0.009116 + 0.070501 = 0.228217
    expect(populationStabilityIndex([0.25, 0.25, 0.25, 0.25], [0.1, 0.2, 0.3, 0.4])).toBeCloseTo(0.22821740957339182, 12);
    // Symmetric in its two arguments.
    expect(populationStabilityIndex([0.1, 0.2, 0.3, 0.4], [0.25, 0.25, 0.25, 0.25])).toBeCloseTo(0.22821740957339182, 12);
    expect(populationStabilityIndex([0.3, 0.7], [0.3, 0.7])).toBe(0);
  });

  it('counts an empty bin as a share of 1e-4', () => {
    // Third bin: expected 0 → 1e-4; (0.1 − 1e-4)·ln(0.1 / 1e-4) = 0.690086; second bin: (−0.1)·ln(0.8) = 0.022314
    expect(populationStabilityIndex([0.5, 0.5, 0], [0.5, 0.4, 0.1])).toBeCloseTo(0.7123991075017365, 12);
    // Empty on both sides adds nothing.
    expect(populationStabilityIndex([0.5, 0.5, 0], [0.5, 0.5, 0])).toBe(0);
    expect(Number.isFinite(populationStabilityIndex([1, 0], [0, 1]))).toBe(true);
  });

  it('needs the same bins on both sides', () => {
    expect(() => populationStabilityIndex([0.5, 0.5], [1])).toThrow(/same bins/);
  });
});
