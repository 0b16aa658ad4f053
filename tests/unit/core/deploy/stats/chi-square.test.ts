import { describe, expect, it } from 'vitest';
import { chiSquareTest } from '$src/core/deploy/stats/chi-square';

describe('chiSquareTest', () => {
  it('matches scipy.stats.chisquare', () => {
    // chisquare([30, 14, 34, 45, 57, 20]) = (37.78, 4.1773254752651764e-07)
    const die = chiSquareTest([1, 1, 1, 1, 1, 1].map((s) => s / 6), [30, 14, 34, 45, 57, 20]);
    expect(die.statistic).toBeCloseTo(37.78, 10);
    expect(die.df).toBe(5);
    expect(die.pValue).toBeCloseTo(4.1773254752651764e-7, 15);
    expect(die.pValue / 4.1773254752651764e-7).toBeCloseTo(1, 8);
    // chisquare([50, 30, 20], [40, 40, 20]) = (5.0, 0.0820849986238988)
    const three = chiSquareTest([0.4, 0.4, 0.2], [50, 30, 20]);
    expect(three.statistic).toBeCloseTo(5, 12);
    expect(three.pValue).toBeCloseTo(0.0820849986238988, 12);
  });

  it('normalises the expected shares', () => {
    expect(chiSquareTest([4, 4, 2], [50, 30, 20]).statistic).toBeCloseTo(5, 12);
  });

  it('pools cells expected fewer than 5 times into one other cell', () => {
    // Expected 45, 45, 4, 3, 3 → cells 45, 45, (10); observed 40, 45, (15):
    // χ² = 25/45 + 0 + 25/10 = 3.0556, df = 2, p = chi2.sf(3.0556, 2) = 0.2170174
    const r = chiSquareTest([0.45, 0.45, 0.04, 0.03, 0.03], [40, 45, 5, 5, 5]);
    expect(r.statistic).toBeCloseTo(25 / 45 + 2.5, 12);
    expect(r.df).toBe(2);
    expect(r.pValue).toBeCloseTo(0.2170173927400507, 10);
  });

  it('merges a pooled cell still under 5 into the smallest remaining cell', () => {
    // Expected 50, 47, 3 → pooled (3) joins 47 → cells 50, 50; observed 45, 55: χ² = 1, df = 1, p = 0.3173105
    const r = chiSquareTest([0.5, 0.47, 0.03], [45, 50, 5]);
    expect(r.statistic).toBeCloseTo(1, 12);
    expect(r.df).toBe(1);
    expect(r.pValue).toBeCloseTo(0.31731050786291115, 10);
  });

  it('counts values in a category never expected (share 0) through the pooled cell', () => {
    // Expected 50, 50, 0 → pooled (0 expected, 20 observed) joins a 50 → cells 50, 50; observed 40, 60.
    const r = chiSquareTest([0.5, 0.5, 0], [40, 40, 20]);
    expect(r.df).toBe(1);
    expect(r.statistic).toBeCloseTo(100 / 50 + 100 / 50, 12);
  });

  it('has nothing to test with one cell, and no result without observations', () => {
    expect(chiSquareTest([0.98, 0.01, 0.01], [3, 0, 0])).toEqual({ statistic: 0, df: 0, pValue: 1 });
    const none = chiSquareTest([0.5, 0.5], [0, 0]);
    expect(none.statistic).toBeNaN();
    expect(none.pValue).toBeNaN();
    expect(() => chiSquareTest([1], [1, 2])).toThrow(/one expected share per observed count/);
  });
});
