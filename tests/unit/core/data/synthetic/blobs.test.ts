import { describe, expect, it } from 'vitest';
import { BOX, clusterNames, generateBlobs } from '$src/core/data/synthetic/blobs';
import { classCounts } from '$src/core/data/synthetic/common';
import { countMissing, countValues, expectSameTable, nearestCentroidAccuracy, numbers, texts } from './helpers';

/** Per-cluster mean and pooled within-cluster sd of one feature. */
function clusterStats(x: Float64Array, labels: readonly (string | null)[]): { means: Map<string, number>; sd: number } {
  const sums = new Map<string, { n: number; sum: number; squares: number }>();
  labels.forEach((label, i) => {
    const s = sums.get(label as string) ?? { n: 0, sum: 0, squares: 0 };
    s.n++;
    s.sum += x[i];
    s.squares += x[i] * x[i];
    sums.set(label as string, s);
  });
  let within = 0;
  const means = new Map<string, number>();
  for (const [label, s] of sums) {
    const mean = s.sum / s.n;
    means.set(label, mean);
    within += s.squares - s.n * mean * mean;
  }
  return { means, sd: Math.sqrt(within / (labels.length - sums.size)) };
}

describe('generateBlobs', () => {
  it('has numeric features x1… and a text target cluster', () => {
    const table = generateBlobs({ rows: 400, features: 3, classes: 4, seed: 6 });
    expect(table.columns.map((c) => c.info)).toEqual([
      { name: 'x1', type: 'number', missing: 0 },
      { name: 'x2', type: 'number', missing: 0 },
      { name: 'x3', type: 'number', missing: 0 },
      { name: 'cluster', type: 'text', missing: 0 },
    ]);
    expect(new Set(texts(table, 'cluster'))).toEqual(new Set(clusterNames(4)));
    expect(clusterNames(3)).toEqual(['c0', 'c1', 'c2']);
    expect(table.warnings).toEqual([]);
    expect(table.description).toBe('Synthetic blobs: 400 rows, 3 features, 4 clusters, seed 6');
  });

  it('is deterministic: same seed and options give identical data, another seed other data', () => {
    const options = { rows: 2000, features: 4, classes: 5, noise: 0.5, missingShare: 0.15, imbalance: 0.2, seed: 3 };
    const a = generateBlobs(options);
    expect(expectSameTable(a, generateBlobs({ ...options }))).toBe(true);
    expect(expectSameTable(a, generateBlobs({ ...options, seed: 4 }))).toBe(false);
  });

  it('puts centres in the box and spreads each cluster with sd 1 + noise', () => {
    for (const noise of [0, 1.5]) {
      const table = generateBlobs({ rows: 20_000, features: 2, classes: 3, noise, seed: 12 });
      const labels = texts(table, 'cluster');
      for (const name of ['x1', 'x2']) {
        const { means, sd } = clusterStats(numbers(table, name), labels);
        for (const m of means.values()) expect(Math.abs(m)).toBeLessThan(BOX + 0.2);
        expect(Math.abs(sd - (1 + noise))).toBeLessThan(0.05);
      }
    }
  });

  it('is balanced with imbalance 0 and ordered by size otherwise', () => {
    const balanced = countValues(texts(generateBlobs({ rows: 10_000, classes: 4 }), 'cluster'));
    for (const n of balanced.values()) expect(n).toBe(2500);
    const skewed = countValues(texts(generateBlobs({ rows: 10_000, classes: 4, imbalance: 0.6 }), 'cluster'));
    expect(clusterNames(4).map((c) => skewed.get(c))).toEqual(classCounts(10_000, 4, 0.6));
  });

  it('clusters are easy to tell apart with little noise', () => {
    const table = generateBlobs({ rows: 4000, features: 5, classes: 4, seed: 30 });
    const xs = [1, 2, 3, 4, 5].map((j) => numbers(table, `x${j}`));
    expect(nearestCentroidAccuracy(xs, texts(table, 'cluster'))).toBeGreaterThan(0.9);
  });

  it('sets feature cells missing but never the target', () => {
    const table = generateBlobs({ rows: 5000, features: 2, missingShare: 0.25, seed: 1 });
    const [x1, x2, cluster] = table.columns;
    expect(x1.info.missing).toBe(countMissing(x1.values));
    expect(x2.info.missing).toBe(countMissing(x2.values));
    expect(x1.info.missing + x2.info.missing).toBe(2500);
    expect(cluster.info.missing).toBe(0);
  });

  it('generates 200,000 rows', () => {
    const table = generateBlobs({ rows: 200_000, features: 10, classes: 8, missingShare: 0.05 });
    expect(table.rowCount).toBe(200_000);
    expect(table.columns).toHaveLength(11);
    for (const c of table.columns) expect(c.values.length).toBe(200_000);
  });
});
