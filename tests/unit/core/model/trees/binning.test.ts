import { describe, expect, it } from 'vitest';
import { binMatrix, binOf, binThreshold, fitBinEdges, MISSING_BIN, sortFloat32 } from '$src/core/model/trees/binning';
import { createRandom } from '$src/core/random';

/** A one-column design matrix. */
const column = (values: number[]) => ({ rows: values.length, width: 1, values: Float32Array.from(values) });

describe('fitBinEdges', () => {
  it('cuts between neighbouring distinct values when there are few, ignoring missing cells', () => {
    const [edges] = fitBinEdges(column([3, 1, 2, 2, NaN, 1, 3]));
    expect(Array.from(edges)).toEqual([1.5, 2.5]);
  });

  it('gives a constant or all-missing column no edges: one bin for its values', () => {
    expect(fitBinEdges(column([4, 4, 4]))[0].length).toBe(0);
    expect(fitBinEdges(column([NaN, NaN]))[0].length).toBe(0);
  });

  it('keeps at most maxBins bins of increasing float32 edges on many distinct values', () => {
    const random = createRandom(1);
    const values = Array.from({ length: 5000 }, () => random.normal(0, 1));
    for (const maxBins of [255, 16]) {
      const [edges] = fitBinEdges(column(values), maxBins);
      expect(edges.length).toBeLessThanOrEqual(maxBins - 1);
      expect(edges.length).toBeGreaterThan(maxBins - 4);
      for (let b = 1; b < edges.length; b++) expect(edges[b]).toBeGreaterThan(edges[b - 1]);
      // Evenly spaced quantiles: every bin holds about the same number of train rows.
      const counts = new Array(edges.length + 1).fill(0);
      for (const v of values) counts[binOf(edges, Math.fround(v))]++;
      expect(Math.max(...counts)).toBeLessThan((3 * values.length) / (edges.length + 1));
    }
  });

  it('cuts between neighbouring float32 values at the lower one', () => {
    const lo = Math.fround(1);
    const hi = 1 + 2 ** -23; // the next float32 above 1
    const [edges] = fitBinEdges(column([lo, hi]));
    expect(Array.from(edges)).toEqual([lo]);
    expect(binOf(edges, lo)).toBe(0);
    expect(binOf(edges, hi)).toBe(1);
  });

  it('refuses a bin count outside 2 … 255', () => {
    expect(() => fitBinEdges(column([1, 2]), 256)).toThrow(RangeError);
    expect(() => fitBinEdges(column([1, 2]), 1)).toThrow(RangeError);
  });
});

describe('binMatrix', () => {
  it('agrees with "value <= threshold" for every value, seen in training or not, and bins NaN apart', () => {
    const random = createRandom(7);
    const train = Array.from({ length: 3000 }, () => Math.round(random.normal(0, 50)) / 4);
    const edges = fitBinEdges(column(train));
    const fresh = Array.from({ length: 3000 }, () => random.normal(0, 60)).concat(train, [-1e30, 1e30, NaN]);
    const binned = binMatrix(column(fresh), edges);
    const e = edges[0];
    const disagreements: string[] = [];
    for (let i = 0; i < fresh.length; i++) {
      const v = Math.fround(fresh[i]);
      const bin = binned.bins[i];
      if (Number.isNaN(v)) {
        expect(bin).toBe(MISSING_BIN);
        continue;
      }
      for (let b = 0; b <= e.length; b++) if (bin <= b !== v <= binThreshold(e, b)) disagreements.push(`${v} in bin ${bin}, b = ${b}`);
    }
    expect(e.length).toBeGreaterThan(100);
    expect(disagreements).toEqual([]);
  });

  it('stores the cells row-major, one byte each', () => {
    const x = { rows: 3, width: 2, values: Float32Array.from([1, 10, 2, 20, 3, NaN]) };
    const binned = binMatrix(x, fitBinEdges(x));
    expect(binned.bins).toBeInstanceOf(Uint8Array);
    expect(Array.from(binned.bins)).toEqual([0, 0, 1, 1, 2, MISSING_BIN]);
  });
});

describe('sortFloat32', () => {
  it('orders float32 values as the built-in sort does: negatives, −0 before +0, subnormals, the extremes', () => {
    const random = createRandom(11);
    const special = [0, -0, 1e-45, -1e-45, 3.4028234663852886e38, -3.4028234663852886e38, 1, -1, 2 ** -126, -(2 ** -126)];
    const values = Float32Array.from([...special, ...Array.from({ length: 3000 }, () => random.normal(0, 1e3)), ...special]);
    const expected = values.slice().sort();
    const sorted = sortFloat32(values, new Uint32Array(values.length));
    expect(sorted).toBe(values);
    expect(Array.from(sorted).map((v) => Object.is(v, -0))).toEqual(Array.from(expected).map((v) => Object.is(v, -0)));
    expect(Array.from(sorted)).toEqual(Array.from(expected));
  });
});
