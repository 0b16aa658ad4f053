import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { medianInPlace, quantileInPlace, selectInPlace } from '$src/core/data/recipe/select';

/** The definitions the selection must match: read from the sorted values. */
function sortedQuantile(values: readonly number[], q: number): number {
  const sorted = Float64Array.from(values).sort();
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

function sortedMedian(values: readonly number[]): number {
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const numbers = fc.array(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }), fc.integer({ min: -3, max: 3 })), { minLength: 1, maxLength: 300 });

describe('order statistics by selection', () => {
  it('interpolates quantiles linearly', () => {
    expect(quantileInPlace(Float64Array.from([4, 1, 3, 2]), 0)).toBe(1);
    expect(quantileInPlace(Float64Array.from([4, 1, 3, 2]), 0.5)).toBe(2.5);
    expect(quantileInPlace(Float64Array.from([4, 1, 3, 2]), 1)).toBe(4);
    expect(quantileInPlace(Float64Array.from([7]), 0.25)).toBe(7);
  });

  it('gives zeros the sign a sort gives them (−0 sorts before +0)', () => {
    expect(Object.is(medianInPlace(Float64Array.from([-0, 0, 5e-324, 0, 0])), 0)).toBe(true);
    expect(Object.is(medianInPlace(Float64Array.from([0, -0, -0, -1, 3])), -0)).toBe(true);
  });

  it('puts the k-th smallest value at k, smaller ones before and larger ones after', () => {
    fc.assert(
      fc.property(numbers, fc.nat(), (list, seed) => {
        const values = Float64Array.from(list);
        const k = seed % values.length;
        selectInPlace(values, k);
        const sorted = Float64Array.from(list).sort();
        // Equal as `===` sees it: −0 and +0 are one value to selection (the quantile and median
        // tests below check the sign a sort gives, bit for bit).
        expect(values[k] === sorted[k]).toBe(true);
        for (let i = 0; i < k; i++) expect(values[i]).toBeLessThanOrEqual(values[k]);
        for (let i = k + 1; i < values.length; i++) expect(values[i]).toBeGreaterThanOrEqual(values[k]);
      }),
    );
  });

  it('gives the same quantiles and medians as the sorted values, bit for bit', () => {
    fc.assert(
      fc.property(numbers, fc.double({ min: 0, max: 1, noNaN: true }), (list, q) => {
        expect(Object.is(quantileInPlace(Float64Array.from(list), q), sortedQuantile(list, q))).toBe(true);
        expect(Object.is(medianInPlace(Float64Array.from(list)), sortedMedian(list))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('selects correctly on inputs that defeat its pivot choice (sorted, equal, organ-pipe)', () => {
    const n = 200_000;
    const inputs = [
      Float64Array.from({ length: n }, (_, i) => i),
      new Float64Array(n).fill(5),
      Float64Array.from({ length: n }, (_, i) => Math.min(i, n - i)),
    ];
    for (const values of inputs) {
      const copy = values.slice();
      expect(medianInPlace(values)).toBe(sortedMedian(Array.from(copy)));
    }
  });
});
