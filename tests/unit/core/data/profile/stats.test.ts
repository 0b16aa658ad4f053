import { describe, it, expect } from 'vitest';
import {
  countDistinctSorted,
  moments,
  niceStep,
  numericHistogram,
  quantileSorted,
  sortNumbers,
  SortScratch,
  timeHistogram,
  timeStep,
} from '$src/core/data/profile/stats';
import { seeded } from './helpers';

const sorted = (values: number[]): Float64Array => Float64Array.from(values).sort();

describe('moments', () => {
  it('gives the mean and the sample standard deviation', () => {
    // numpy: x.mean() = 3.46875, x.std(ddof=1) = 3.6850021806545206
    const { mean, std } = moments([3.5, -1, 7, 2, 2, 10.25, 0, 4]);
    expect(mean).toBe(3.46875);
    expect(std).toBeCloseTo(3.6850021806545206, 14);
  });

  it('is exact for a small hand example', () => {
    // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, squared deviations sum to 32, 32 / 7
    const { mean, std } = moments([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(mean).toBe(5);
    expect(std).toBeCloseTo(Math.sqrt(32 / 7), 15);
  });

  it('keeps precision far from zero', () => {
    const { mean, std } = moments([1e9 + 1, 1e9 + 2, 1e9 + 3]);
    expect(mean).toBe(1e9 + 2);
    expect(std).toBe(1);
  });

  it('has no std below two values and nothing for none', () => {
    expect(moments([4])).toEqual({ mean: 4, std: null });
    expect(moments([])).toEqual({ mean: null, std: null });
  });
});

describe('quantiles', () => {
  // Expected values from numpy 2.4: np.quantile([3.5, -1, 7, 2, 2, 10.25, 0, 4], p)
  const x = sorted([3.5, -1, 7, 2, 2, 10.25, 0, 4]);
  it.each([
    [0, -1],
    [0.1, -0.29999999999999993],
    [0.25, 1.5],
    [0.33, 2],
    [0.5, 2.75],
    [0.75, 4.75],
    [0.9, 7.975],
    [1, 10.25],
  ])('p = %s matches numpy linear interpolation', (p, expected) => {
    expect(quantileSorted(x, p)).toBeCloseTo(expected, 12);
  });

  it('follows h = (n - 1) p on a hand example', () => {
    // n = 4, p = 0.5: h = 1.5, halfway between x[1] = 2 and x[2] = 6
    expect(quantileSorted(sorted([1, 2, 6, 10]), 0.5)).toBe(4);
    // p = 0.25: h = 0.75, 1 + 0.75 * (2 - 1)
    expect(quantileSorted(sorted([1, 2, 6, 10]), 0.25)).toBe(1.75);
  });

  it('handles one value and none', () => {
    expect(quantileSorted(sorted([7]), 0.5)).toBe(7);
    expect(quantileSorted(new Float64Array(0), 0.5)).toBeNull();
  });
});

describe('distinct values', () => {
  it('counts runs in sorted values, with -0 equal to 0', () => {
    expect(countDistinctSorted(sorted([3, 1, 1, 2, 3, 3]))).toBe(3);
    expect(countDistinctSorted(sorted([-0, 0]))).toBe(1);
    expect(countDistinctSorted(new Float64Array(0))).toBe(0);
  });
});

describe('nice steps and numeric histograms', () => {
  it('picks 1, 2 or 5 times a power of ten', () => {
    expect(niceStep(100, 20)).toBe(5);
    expect(niceStep(1, 20)).toBe(0.05);
    expect(niceStep(37, 20)).toBe(2);
    expect(niceStep(9000, 20)).toBe(500);
  });

  it('bins numbers with nice edges, the last bin closed', () => {
    const values = [0, 1, 1.5, 9.99, 10];
    const bins = numericHistogram(values, 0, 10, false);
    expect(bins).toHaveLength(20);
    expect(bins[0]).toEqual({ x0: 0, x1: 0.5, count: 1 });
    expect(bins[2]).toEqual({ x0: 1, x1: 1.5, count: 1 });
    expect(bins[3]).toEqual({ x0: 1.5, x1: 2, count: 1 });
    expect(bins[19]).toEqual({ x0: 9.5, x1: 10, count: 2 });
    expect(bins.reduce((s, b) => s + b.count, 0)).toBe(5);
  });

  it('covers [min, max] with edges at round numbers', () => {
    const bins = numericHistogram([0.63, 4.2, 2.1], 0.63, 4.2, false);
    expect(bins[0].x0).toBeLessThanOrEqual(0.63);
    expect(bins[bins.length - 1].x1).toBeGreaterThanOrEqual(4.2);
    for (const b of bins) expect(Number(b.x0.toFixed(10))).toBe(b.x0); // no 0.30000000000000004
  });

  it('puts a value sitting on a fractional edge in the bin that starts there', () => {
    // 0.6 / 0.2 is 2.9999999999999996 in floating point; 0.6 still belongs to [0.6, 0.8).
    const values = [0, 0.2, 0.4, 0.6, 0.8, 1.0, 1.2, 1.4, 1.6, 1.8, 2, 2.2, 2.4, 2.6, 2.8, 3, 3.2, 3.4, 3.6, 3.8, 4];
    const bins = numericHistogram(values, 0, 4, false);
    expect(bins).toHaveLength(20);
    for (let k = 0; k < 19; k++) expect(bins[k].count).toBe(1);
    expect(bins[19].count).toBe(2);
  });

  it('gives integers whole-number bins, one per value for a small range', () => {
    const bins = numericHistogram([1, 2, 2, 3, 5], 1, 5, true);
    expect(bins).toEqual([
      { x0: 1, x1: 2, count: 1 },
      { x0: 2, x1: 3, count: 2 },
      { x0: 3, x1: 4, count: 1 },
      { x0: 4, x1: 5, count: 0 },
      { x0: 5, x1: 6, count: 1 },
    ]);
  });

  it('gives wide integer ranges steps of 1, 2 or 5 × 10ᵏ', () => {
    const bins = numericHistogram([0, 1000], 0, 1000, true);
    expect(bins[0]).toEqual({ x0: 0, x1: 50, count: 1 });
    expect(bins[bins.length - 1]).toEqual({ x0: 1000, x1: 1050, count: 1 });
  });

  it('gives a single value one bin around it', () => {
    expect(numericHistogram([2.5, 2.5], 2.5, 2.5, false)).toEqual([{ x0: 2, x1: 3, count: 2 }]);
    expect(numericHistogram([7], 7, 7, true)).toEqual([{ x0: 7, x1: 8, count: 1 }]);
    expect(numericHistogram([], 0, 0, false)).toEqual([]);
  });
});

describe('time histograms', () => {
  const day = 86_400_000;
  const utc = (y: number, m: number, d = 1, h = 0): number => Date.UTC(y, m - 1, d, h);

  it('uses calendar months for a year', () => {
    const values = [utc(2020, 1, 1), utc(2020, 3, 5), utc(2020, 6, 1), utc(2020, 1, 1), utc(2021, 1, 1)];
    const bins = timeHistogram(values, utc(2020, 1, 1), utc(2021, 1, 1));
    expect(bins).toHaveLength(13);
    expect(bins[0]).toEqual({ x0: utc(2020, 1), x1: utc(2020, 2), count: 2 });
    expect(bins[1]).toEqual({ x0: utc(2020, 2), x1: utc(2020, 3), count: 0 }); // February: 29 days
    expect(bins[2].count).toBe(1);
    expect(bins[5].count).toBe(1);
    expect(bins[12]).toEqual({ x0: utc(2021, 1), x1: utc(2021, 2), count: 1 });
  });

  it('uses days for a fortnight, weeks from Monday for a few months', () => {
    const days = timeHistogram([utc(2021, 3, 1), utc(2021, 3, 14, 12)], utc(2021, 3, 1), utc(2021, 3, 14, 12));
    expect(days[0].x1 - days[0].x0).toBe(day);
    expect(days).toHaveLength(14);
    const weeks = timeHistogram([utc(2021, 1, 6), utc(2021, 4, 1)], utc(2021, 1, 6), utc(2021, 4, 1));
    expect(weeks[0].x1 - weeks[0].x0).toBe(7 * day);
    expect(new Date(weeks[0].x0).getUTCDay()).toBe(1);
    expect(weeks[0].x0).toBe(utc(2021, 1, 4));
  });

  it('uses hours within a day and years across decades', () => {
    expect(timeStep(20 * 3_600_000)).toEqual({ unit: 'ms', size: 3_600_000 });
    const years = timeHistogram([utc(1950, 6), utc(2020, 6)], utc(1950, 6), utc(2020, 6));
    expect(new Date(years[0].x0).getUTCFullYear()).toBe(1950);
    expect(new Date(years[1].x0).getUTCFullYear()).toBe(1955);
    expect(years.reduce((s, b) => s + b.count, 0)).toBe(2);
  });

  it('handles years before 100 (Date.UTC would read them as 19xx)', () => {
    const t0 = new Date(0).setUTCFullYear(50, 0, 1);
    const t1 = new Date(0).setUTCFullYear(60, 0, 1);
    const bins = timeHistogram([t0, t1], t0, t1);
    expect(new Date(bins[0].x0).getUTCFullYear()).toBe(50);
  });

  it('gives one day-long bin to a single date', () => {
    expect(timeHistogram([utc(2020, 5, 5)], utc(2020, 5, 5), utc(2020, 5, 5))).toEqual([{ x0: utc(2020, 5, 5), x1: utc(2020, 5, 6), count: 1 }]);
  });
});

describe('radix sort', () => {
  it('sorts like the built-in sort: negatives, zeros, infinities, duplicates, wide magnitudes', () => {
    const random = seeded(7);
    for (const make of [
      () => (random() - 0.3) * 100,
      () => Math.floor(random() * 50),
      () => (random() - 0.5) * 10 ** (random() * 40 - 20),
      () => 946_684_800_000 + Math.floor(random() * 1e12),
    ]) {
      const x = Float64Array.from({ length: 20_000 }, make);
      x[1] = -0;
      x[2] = 0;
      x[3] = -Infinity;
      x[4] = Infinity;
      x[5] = Number.MIN_VALUE;
      x[6] = -Number.MAX_VALUE;
      const expected = x.slice().sort();
      expect(Array.from(sortNumbers(x, new SortScratch()))).toEqual(Array.from(expected));
    }
  });

  it('reuses its scratch buffers across calls of different sizes', () => {
    const scratch = new SortScratch();
    const a = Float64Array.from({ length: 10_000 }, (_, i) => (i * 7919) % 10_000);
    const b = Float64Array.from({ length: 5_000 }, (_, i) => -((i * 31) % 5_000));
    expect(sortNumbers(a, scratch)[9_999]).toBe(9_999);
    expect(sortNumbers(b, scratch)[0]).toBe(-4_999);
    expect(Array.from(b)).toEqual(Array.from(b.slice().sort()));
  });

  it('sorts a sub-array view in place', () => {
    const buffer = Float64Array.from({ length: 10_000 }, (_, i) => 10_000 - i);
    const view = buffer.subarray(100, 9_100);
    sortNumbers(view);
    expect(view[0]).toBe(901);
    expect(buffer[99]).toBe(9_901); // outside the view: untouched
  });
});
