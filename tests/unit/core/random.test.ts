import { describe, expect, it } from 'vitest';
import { createRandom } from '$src/core/random';

function draws(seed: number, n: number): number[] {
  const random = createRandom(seed);
  return Array.from({ length: n }, () => random.next());
}

function meanAndVariance(values: ArrayLike<number>): { mean: number; variance: number } {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  const mean = sum / values.length;
  let squares = 0;
  for (let i = 0; i < values.length; i++) squares += (values[i] - mean) ** 2;
  return { mean, variance: squares / (values.length - 1) };
}

describe('createRandom', () => {
  it('gives the same sequence for the same seed', () => {
    expect(draws(42, 1000)).toEqual(draws(42, 1000));
    const a = createRandom(7);
    const b = createRandom(7);
    for (let i = 0; i < 100; i++) {
      expect(a.normal()).toBe(b.normal());
      expect(a.int(1000)).toBe(b.int(1000));
      expect(a.uint32()).toBe(b.uint32());
    }
  });

  it('gives different sequences for different seeds, including neighbouring and large ones', () => {
    const seeds = [0, 1, 2, 42, 43, -1, 2 ** 32 - 1, 2 ** 32, 2 ** 40 + 1, 0.5];
    const firsts = seeds.map((seed) => draws(seed, 8).join(','));
    expect(new Set(firsts).size).toBe(seeds.length);
    // Neighbouring seeds disagree on almost every draw.
    const a = draws(1, 1000);
    const b = draws(2, 1000);
    expect(a.filter((x, i) => x === b[i]).length).toBeLessThan(3);
  });

  it('rejects seeds that are not finite numbers', () => {
    expect(() => createRandom(Number.NaN)).toThrow(/finite/);
    expect(() => createRandom(Number.POSITIVE_INFINITY)).toThrow(/finite/);
  });

  it('draws uniform numbers in [0, 1) with mean 1/2 and variance 1/12', () => {
    const random = createRandom(123);
    const n = 100_000;
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) values[i] = random.next();
    let min = Infinity;
    let max = -Infinity;
    for (const v of values) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    const { mean, variance } = meanAndVariance(values);
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.005);
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(0.002);
    // Ten equal bins each hold about a tenth (chi-square with 9 degrees of freedom).
    const bins = new Array<number>(10).fill(0);
    for (const v of values) bins[Math.floor(v * 10)]++;
    const chi2 = bins.reduce((s, c) => s + (c - n / 10) ** 2 / (n / 10), 0);
    expect(chi2).toBeLessThan(30);
    // Consecutive draws are uncorrelated.
    let cov = 0;
    for (let i = 1; i < n; i++) cov += (values[i] - 0.5) * (values[i - 1] - 0.5);
    expect(Math.abs(cov / (n - 1) / (1 / 12))).toBeLessThan(0.02);
  });

  it('uniform(min, max) stays in range', () => {
    const random = createRandom(5);
    let outside = 0;
    for (let i = 0; i < 10_000; i++) {
      const v = random.uniform(-3, 2);
      if (!(v >= -3 && v < 2)) outside++;
    }
    expect(outside).toBe(0);
  });

  it('draws normal numbers with mean 0 and sd 1, and honours mean and sd', () => {
    const random = createRandom(99);
    const n = 100_000;
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) values[i] = random.normal();
    const { mean, variance } = meanAndVariance(values);
    expect(Math.abs(mean)).toBeLessThan(0.015);
    expect(Math.abs(Math.sqrt(variance) - 1)).toBeLessThan(0.015);
    // About 68.3 % within one sd, 95.4 % within two.
    const within1 = values.filter((v) => Math.abs(v) < 1).length / n;
    const within2 = values.filter((v) => Math.abs(v) < 2).length / n;
    expect(Math.abs(within1 - 0.6827)).toBeLessThan(0.01);
    expect(Math.abs(within2 - 0.9545)).toBeLessThan(0.005);

    const shifted = new Float64Array(n);
    for (let i = 0; i < n; i++) shifted[i] = random.normal(10, 3);
    const s = meanAndVariance(shifted);
    expect(Math.abs(s.mean - 10)).toBeLessThan(0.05);
    expect(Math.abs(Math.sqrt(s.variance) - 3)).toBeLessThan(0.05);
  });

  it('int(n) stays in [0, n), covers every value evenly, and rejects bad n', () => {
    const random = createRandom(2024);
    const counts = new Array<number>(7).fill(0);
    let bad = 0;
    for (let i = 0; i < 70_000; i++) {
      const v = random.int(7);
      if (!Number.isInteger(v) || v < 0 || v >= 7) bad++;
      else counts[v]++;
    }
    expect(bad).toBe(0);
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(400);
    for (let i = 0; i < 100; i++) if (random.int(1) !== 0) bad++;
    let bigMax = 0;
    for (let i = 0; i < 1000; i++) {
      const big = random.int(2 ** 40);
      if (!Number.isInteger(big) || big < 0 || big >= 2 ** 40) bad++;
      bigMax = Math.max(bigMax, big);
      const full = random.int(2 ** 32);
      if (!Number.isInteger(full) || full < 0 || full >= 2 ** 32) bad++;
    }
    expect(bad).toBe(0);
    // The large range is really used (not only the low 32 bits).
    expect(bigMax).toBeGreaterThan(2 ** 39);
    expect(() => random.int(0)).toThrow(RangeError);
    expect(() => random.int(2.5)).toThrow(RangeError);
    expect(() => random.int(-3)).toThrow(RangeError);
    expect(() => random.int(Number.NaN)).toThrow(RangeError);
  });

  it('shuffles in place into a permutation, deterministically', () => {
    const original = Array.from({ length: 100 }, (_, i) => i);
    const a = [...original];
    const returned = createRandom(11).shuffle(a);
    expect(returned).toBe(a);
    expect([...a].sort((x, y) => x - y)).toEqual(original);
    expect(a).not.toEqual(original);
    expect(createRandom(11).shuffle([...original])).toEqual(a);
    expect(createRandom(12).shuffle([...original])).not.toEqual(a);

    const typed = Int32Array.from(original);
    createRandom(11).shuffle(typed);
    expect(Array.from(typed)).toEqual(a);

    expect(createRandom(1).shuffle([])).toEqual([]);
    expect(createRandom(1).shuffle(['only'])).toEqual(['only']);
  });

  it('shuffle puts each item in each place about equally often', () => {
    const random = createRandom(3);
    const counts = Array.from({ length: 4 }, () => new Array<number>(4).fill(0));
    for (let t = 0; t < 40_000; t++) {
      const a = random.shuffle([0, 1, 2, 3]);
      for (let place = 0; place < 4; place++) counts[a[place]][place]++;
    }
    for (const row of counts) for (const c of row) expect(Math.abs(c - 10_000)).toBeLessThan(400);
  });

  it('pick(weights) follows the weights and never picks a zero weight', () => {
    const random = createRandom(8);
    const weights = [1, 0, 3, 6];
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 100_000; i++) counts[random.pick(weights)]++;
    expect(counts[1]).toBe(0);
    expect(Math.abs(counts[0] / 100_000 - 0.1)).toBeLessThan(0.005);
    expect(Math.abs(counts[2] / 100_000 - 0.3)).toBeLessThan(0.01);
    expect(Math.abs(counts[3] / 100_000 - 0.6)).toBeLessThan(0.01);
    expect(random.pick([0, 0, 5])).toBe(2);
    expect(random.pick(new Float64Array([2]))).toBe(0);
    expect(() => random.pick([])).toThrow(RangeError);
    expect(() => random.pick([0, 0])).toThrow(RangeError);
    expect(() => random.pick([1, -1])).toThrow(RangeError);
    expect(() => random.pick([1, Number.NaN])).toThrow(RangeError);
  });

  describe('fork', () => {
    it('is deterministic and does not depend on earlier draws', () => {
      const a = createRandom(42);
      const b = createRandom(42);
      for (let i = 0; i < 37; i++) b.next();
      b.normal();
      const fa = a.fork('split');
      const fb = b.fork('split');
      for (let i = 0; i < 100; i++) expect(fa.next()).toBe(fb.next());
      // Forking twice with the same label gives the same sequence.
      expect(draws2(a.fork('split'), 20)).toEqual(draws2(createRandom(42).fork('split'), 20));
    });

    it('does not advance the parent stream', () => {
      const a = createRandom(5);
      const b = createRandom(5);
      const f = a.fork('x');
      for (let i = 0; i < 10; i++) f.next();
      expect(draws2(a, 20)).toEqual(draws2(b, 20));
    });

    it('gives independent streams for different labels, seeds and paths', () => {
      const root = createRandom(42);
      const streams = [
        root.fork('split'),
        root.fork('weights'),
        root.fork(''),
        root.fork(0),
        root.fork(1),
        root.fork('1'),
        root.fork('split').fork('split'),
        root.fork('weights').fork('split'),
        createRandom(43).fork('split'),
        root,
      ];
      const sequences = streams.map((s) => draws2(s, 10).join(','));
      expect(new Set(sequences).size).toBe(streams.length);

      // Two forks are uncorrelated.
      const x = root.fork('a');
      const y = root.fork('b');
      const n = 50_000;
      let cov = 0;
      for (let i = 0; i < n; i++) cov += (x.next() - 0.5) * (y.next() - 0.5);
      expect(Math.abs(cov / n / (1 / 12))).toBeLessThan(0.03);
    });

    it('forks of forks are deterministic', () => {
      const one = createRandom(9).fork('model').fork(3);
      const two = createRandom(9).fork('model').fork(3);
      expect(draws2(one, 50)).toEqual(draws2(two, 50));
    });
  });
});

function draws2(random: { next(): number }, n: number): number[] {
  return Array.from({ length: n }, () => random.next());
}
