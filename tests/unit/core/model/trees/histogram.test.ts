import { describe, expect, it } from 'vitest';
import { binMatrix, fitBinEdges, MISSING_BIN } from '$src/core/model/trees/binning';
import { BINS_PER_COLUMN, buildHistogram, countsOffset, createHistogram, subtractHistogram } from '$src/core/model/trees/histogram';
import { createRandom } from '$src/core/random';

function setup(rows: number, width: number) {
  const random = createRandom(3);
  const values = Float32Array.from({ length: rows * width }, () => (random.next() < 0.1 ? NaN : Math.floor(random.next() * 20)));
  const x = { rows, width, values };
  const binned = binMatrix(x, fitBinEdges(x));
  const g = Float64Array.from({ length: rows }, () => random.normal(0, 1));
  const h = Float64Array.from({ length: rows }, () => random.next());
  return { binned, g, h };
}

describe('histograms', () => {
  it('sums gradients, hessians and counts per column and bin, the missing bin included', () => {
    const { binned, g, h } = setup(200, 3);
    const hist = createHistogram(3);
    buildHistogram(hist, binned, null, 0, 200, g, h, false);
    for (let j = 0; j < 3; j++) {
      const slot = j * BINS_PER_COLUMN + MISSING_BIN;
      let gm = 0;
      let nm = 0;
      for (let i = 0; i < 200; i++) {
        if (binned.bins[i * 3 + j] === MISSING_BIN) {
          gm += g[i];
          nm++;
        }
      }
      expect(hist[2 * slot]).toBeCloseTo(gm, 12);
      expect(hist[countsOffset(3) + slot]).toBe(nm);
      let count = 0;
      for (let b = 0; b < 256; b++) count += hist[countsOffset(3) + j * BINS_PER_COLUMN + b];
      expect(count).toBe(200);
    }
  });

  it('gives the sibling as parent minus child, equal to building it from its rows', () => {
    const { binned, g, h } = setup(300, 4);
    const rows = Uint32Array.from({ length: 300 }, (_, i) => (i * 7) % 300);
    const parent = createHistogram(4);
    const child = createHistogram(4);
    const sibling = createHistogram(4);
    const built = createHistogram(4);
    buildHistogram(parent, binned, rows, 0, 300, g, h, false);
    buildHistogram(child, binned, rows, 0, 110, g, h, false);
    buildHistogram(built, binned, rows, 110, 300, g, h, false);
    subtractHistogram(sibling, parent, child);
    for (let i = 0; i < built.length; i++) expect(sibling[i]).toBeCloseTo(built[i], 10);
  });

  it('with a constant hessian of 1, reports the counts as hessian sums', () => {
    const { binned, g } = setup(100, 2);
    const ones = new Float64Array(100).fill(1);
    const fast = createHistogram(2);
    const full = createHistogram(2);
    buildHistogram(fast, binned, null, 0, 100, g, ones, true);
    buildHistogram(full, binned, null, 0, 100, g, ones, false);
    expect(Array.from(fast)).toEqual(Array.from(full));
  });

  it('with known counts (those of the same rows, built before), gives what counting gives', () => {
    const { binned, g, h } = setup(250, 5);
    const rows = Uint32Array.from({ length: 250 }, (_, i) => i);
    const counted = createHistogram(5);
    buildHistogram(counted, binned, rows, 0, 250, g, h, false);
    const g2 = g.map((v) => v * 3 - 1);
    const reused = createHistogram(5);
    const fresh = createHistogram(5);
    buildHistogram(reused, binned, rows, 0, 250, g2, h, false, counted);
    buildHistogram(fresh, binned, rows, 0, 250, g2, h, false);
    expect(Array.from(reused)).toEqual(Array.from(fresh));
    const ones = new Float64Array(250).fill(1);
    buildHistogram(reused, binned, null, 0, 250, g2, ones, true, counted);
    buildHistogram(fresh, binned, null, 0, 250, g2, ones, true);
    expect(Array.from(reused)).toEqual(Array.from(fresh));
  });
});
