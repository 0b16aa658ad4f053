import { describe, expect, it } from 'vitest';
import { generateRegression, regressionLayout } from '$src/core/data/synthetic/regression';
import { column, countMissing, expectSameTable, leastSquaresR2, numbers, texts } from './helpers';

function segmentDummies(segments: readonly (string | null)[]): Float64Array[] {
  return ['B', 'C'].map((s) => Float64Array.from(segments, (v) => (v === s ? 1 : 0)));
}

describe('generateRegression', () => {
  it('has numeric features x1…, a text segment column and a numeric target y', () => {
    const table = generateRegression({ rows: 300, features: 4, seed: 2 });
    expect(table.rowCount).toBe(300);
    expect(table.warnings).toEqual([]);
    expect(table.columns.map((c) => c.info)).toEqual([
      { name: 'x1', type: 'number', missing: 0 },
      { name: 'x2', type: 'number', missing: 0 },
      { name: 'x3', type: 'number', missing: 0 },
      { name: 'segment', type: 'text', missing: 0 },
      { name: 'y', type: 'number', missing: 0 },
    ]);
    for (const c of table.columns) expect(c.values.length).toBe(300);
    expect(table.description).toBe('Synthetic regression: 300 rows, 4 features, noise 1, seed 2');
    expect(generateRegression({ rows: 5, features: 1 }).columns.map((c) => c.info.name)).toEqual(['x1', 'y']);
    expect(generateRegression({ rows: 5, features: 2 }).columns.map((c) => c.info.name)).toEqual(['x1', 'x2', 'y']);
    expect(regressionLayout(10)).toEqual({ numeric: 9, informative: 6, segment: true });
  });

  it('is deterministic: same seed and options give identical data, another seed other data', () => {
    const options = { rows: 1500, features: 6, noise: 2, missingShare: 0.2, seed: 77 };
    const a = generateRegression(options);
    expect(expectSameTable(a, generateRegression({ ...options }))).toBe(true);
    const b = generateRegression({ ...options, seed: 78 });
    expect(expectSameTable(a, b)).toBe(false);
    expect(numbers(a, 'y')).not.toEqual(numbers(b, 'y'));
  });

  it('is well fitted by least squares when the noise is low', () => {
    for (const features of [1, 3, 6, 12]) {
      const table = generateRegression({ rows: 4000, features, noise: 0.1, seed: 13 });
      const layout = regressionLayout(features);
      const xs = Array.from({ length: layout.numeric }, (_, j) => numbers(table, `x${j + 1}`));
      const dummies = layout.segment ? segmentDummies(texts(table, 'segment')) : [];
      const r2 = leastSquaresR2([...xs, ...dummies], numbers(table, 'y'));
      expect(r2).toBeGreaterThan(0.9);
      expect(r2).toBeLessThan(1); // the mild curve in x1 is not linear
    }
  });

  it('noise is the standard deviation of what a perfect model cannot explain', () => {
    const options = { rows: 20_000, features: 4, seed: 5 };
    const clean = numbers(generateRegression({ ...options, noise: 0 }), 'y');
    const noisy = numbers(generateRegression({ ...options, noise: 3 }), 'y');
    let sum = 0;
    let squares = 0;
    for (let i = 0; i < clean.length; i++) {
      const d = noisy[i] - clean[i];
      sum += d;
      squares += d * d;
    }
    const mean = sum / clean.length;
    expect(Math.abs(mean)).toBeLessThan(0.1);
    expect(Math.abs(Math.sqrt(squares / clean.length - mean * mean) - 3)).toBeLessThan(0.1);
    // Higher noise, lower R².
    const xs = [1, 2, 3].map((j) => numbers(generateRegression({ ...options, noise: 20 }), `x${j}`));
    const r2 = leastSquaresR2(xs, numbers(generateRegression({ ...options, noise: 20 }), 'y'));
    expect(r2).toBeLessThan(0.5);
  });

  it('the segment shifts the mean: A below B below C', () => {
    const table = generateRegression({ rows: 9000, features: 3, noise: 0.5, seed: 8 });
    const y = numbers(table, 'y');
    const segments = texts(table, 'segment');
    const means = ['A', 'B', 'C'].map((s) => {
      let sum = 0;
      let n = 0;
      segments.forEach((v, i) => {
        if (v === s) {
          sum += y[i];
          n++;
        }
      });
      expect(n / 9000).toBeGreaterThan(0.3);
      return sum / n;
    });
    expect(means[0]).toBeLessThan(means[1] - 0.5);
    expect(means[1]).toBeLessThan(means[2] - 0.5);
  });

  it('sets feature cells missing but never the target', () => {
    const table = generateRegression({ rows: 3000, features: 5, missingShare: 0.1, seed: 1 });
    let total = 0;
    for (const c of table.columns.slice(0, -1)) {
      expect(c.info.missing).toBe(countMissing(c.values));
      total += c.info.missing;
    }
    expect(total).toBe(1500);
    expect(column(table, 'y').info.missing).toBe(0);
    expect(countMissing(column(table, 'y').values)).toBe(0);
    expect(table.description).toBe('Synthetic regression: 3,000 rows, 5 features, noise 1, seed 1, 10% missing');
  });

  it('generates 200,000 rows', () => {
    const table = generateRegression({ rows: 200_000, features: 10, missingShare: 0.05 });
    expect(table.rowCount).toBe(200_000);
    expect(table.columns).toHaveLength(11);
    for (const c of table.columns) expect(c.values.length).toBe(200_000);
    expect(Number.isFinite(numbers(table, 'y')[199_999])).toBe(true);
  });
});
