import { describe, expect, it } from 'vitest';
import {
  classCentres,
  classificationLayout,
  classNames,
  generateClassification,
} from '$src/core/data/synthetic/classification';
import { classCounts } from '$src/core/data/synthetic/common';
import { createRandom } from '$src/core/random';
import {
  column,
  countMissing,
  countValues,
  expectSameTable,
  nearestCentroidAccuracy,
  numbers,
  texts,
} from './helpers';

describe('generateClassification', () => {
  it('has numeric features x1…, a text segment column and a text label, in that order', () => {
    const table = generateClassification({ rows: 500, features: 5, classes: 3, seed: 1 });
    expect(table.rowCount).toBe(500);
    expect(table.warnings).toEqual([]);
    expect(table.columns.map((c) => c.info)).toEqual([
      { name: 'x1', type: 'number', missing: 0 },
      { name: 'x2', type: 'number', missing: 0 },
      { name: 'x3', type: 'number', missing: 0 },
      { name: 'x4', type: 'number', missing: 0 },
      { name: 'segment', type: 'text', missing: 0 },
      { name: 'label', type: 'text', missing: 0 },
    ]);
    for (const c of table.columns) expect(c.values.length).toBe(500);
    expect(numbers(table, 'x1')).toBeInstanceOf(Float64Array);
    expect(new Set(texts(table, 'segment'))).toEqual(new Set(['A', 'B', 'C']));
    expect(new Set(texts(table, 'label'))).toEqual(new Set(['class_0', 'class_1', 'class_2']));
    expect(table.description).toBe(
      'Synthetic classification: 500 rows, 5 features, 3 classes, noise 0.05, seed 1',
    );
  });

  it('has no segment column below 3 features', () => {
    expect(generateClassification({ rows: 10, features: 1 }).columns.map((c) => c.info.name)).toEqual([
      'x1',
      'label',
    ]);
    expect(generateClassification({ rows: 10, features: 2 }).columns.map((c) => c.info.name)).toEqual([
      'x1',
      'x2',
      'label',
    ]);
    const wide = generateClassification({ rows: 10, features: 100 });
    expect(wide.columns).toHaveLength(101);
    expect(wide.columns[98].info.name).toBe('x99');
    expect(wide.columns[99].info.name).toBe('segment');
  });

  it('splits numeric features into informative, redundant and noise', () => {
    expect(classificationLayout(1)).toEqual({ numeric: 1, informative: 1, redundant: 0, noise: 0, segment: false });
    expect(classificationLayout(2)).toEqual({ numeric: 2, informative: 2, redundant: 0, noise: 0, segment: false });
    expect(classificationLayout(5)).toEqual({ numeric: 4, informative: 3, redundant: 1, noise: 0, segment: true });
    expect(classificationLayout(10)).toEqual({ numeric: 9, informative: 6, redundant: 2, noise: 1, segment: true });
    expect(classificationLayout(100)).toEqual({
      numeric: 99,
      informative: 60,
      redundant: 20,
      noise: 19,
      segment: true,
    });
  });

  it('is deterministic: same seed and options give identical data, another seed other data', () => {
    const options = { rows: 2000, features: 8, classes: 4, noise: 0.1, missingShare: 0.1, imbalance: 0.3, seed: 7 };
    const a = generateClassification(options);
    const b = generateClassification({ ...options });
    expect(expectSameTable(a, b)).toBe(true);
    const c = generateClassification({ ...options, seed: 8 });
    expect(expectSameTable(a, c)).toBe(false);
    expect(numbers(c, 'x1')).not.toEqual(numbers(a, 'x1'));
    expect(texts(c, 'label')).not.toEqual(texts(a, 'label'));
  });

  it('is balanced with imbalance 0', () => {
    const table = generateClassification({ rows: 10_000, classes: 4, noise: 0.1, seed: 3 });
    const counts = countValues(texts(table, 'label'));
    expect(counts.size).toBe(4);
    for (const n of counts.values()) expect(Math.abs(n / 10_000 - 0.25)).toBeLessThan(0.02);
    // Without label noise the classes are exactly equal.
    const exact = countValues(texts(generateClassification({ rows: 10_000, classes: 4, noise: 0 }), 'label'));
    expect([...exact.values()]).toEqual([2500, 2500, 2500, 2500]);
  });

  it('shrinks each further class by (1 − imbalance)', () => {
    const table = generateClassification({ rows: 10_000, classes: 3, noise: 0, imbalance: 0.5, seed: 3 });
    const counts = countValues(texts(table, 'label'));
    const sizes = classNames(3).map((name) => counts.get(name) ?? 0);
    expect(sizes).toEqual(classCounts(10_000, 3, 0.5));
    expect(sizes).toEqual([5714, 2857, 1429]);
    const strong = countValues(
      texts(generateClassification({ rows: 10_000, classes: 5, noise: 0.02, imbalance: 0.8 }), 'label'),
    );
    const strongSizes = classNames(5).map((name) => strong.get(name) ?? 0);
    for (let k = 1; k < 5; k++) expect(strongSizes[k]).toBeLessThan(strongSizes[k - 1]);
    expect(strongSizes[0] / 10_000).toBeGreaterThan(0.75);
  });

  it('flips exactly round(noise × rows) labels', () => {
    const base = { rows: 5000, features: 4, classes: 3, seed: 11 };
    const clean = texts(generateClassification({ ...base, noise: 0 }), 'label');
    const noisy = texts(generateClassification({ ...base, noise: 0.2 }), 'label');
    const differ = clean.filter((v, i) => v !== noisy[i]).length;
    expect(differ).toBe(1000);
  });

  it('sets the requested share of feature cells missing, and counts them', () => {
    const table = generateClassification({ rows: 4000, features: 6, missingShare: 0.3, seed: 5 });
    const features = table.columns.slice(0, -1);
    let total = 0;
    for (const c of features) {
      const actual = countMissing(c.values);
      expect(c.info.missing).toBe(actual);
      expect(Math.abs(actual / 4000 - 0.3)).toBeLessThan(0.04);
      total += actual;
    }
    expect(total).toBe(Math.round(0.3 * 4000 * 6));
    expect(column(table, 'segment').info.missing).toBeGreaterThan(0);
    expect(column(table, 'label').info.missing).toBe(0);
    expect(countMissing(column(table, 'label').values)).toBe(0);
  });

  it('missing cells do not change the other values', () => {
    const options = { rows: 1000, features: 5, seed: 9 };
    const full = generateClassification(options);
    const holes = generateClassification({ ...options, missingShare: 0.5 });
    const a = numbers(full, 'x2');
    const b = numbers(holes, 'x2');
    let compared = 0;
    for (let i = 0; i < a.length; i++) {
      if (!Number.isNaN(b[i])) {
        expect(b[i]).toBe(a[i]);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(300);
  });

  it('has learnable labels: nearest centroid clearly beats chance', () => {
    const table = generateClassification({ rows: 6000, features: 6, classes: 3, noise: 0, seed: 21 });
    const layout = classificationLayout(6);
    const informative = Array.from({ length: layout.informative }, (_, j) => numbers(table, `x${j + 1}`));
    const accuracy = nearestCentroidAccuracy(informative, texts(table, 'label'));
    expect(accuracy).toBeGreaterThan(0.7); // chance is 1/3

    // A pure-noise feature alone carries nothing.
    const wide = generateClassification({ rows: 6000, features: 10, classes: 2, noise: 0, seed: 21 });
    const noiseOnly = nearestCentroidAccuracy([numbers(wide, 'x9')], texts(wide, 'label'));
    expect(Math.abs(noiseOnly - 0.5)).toBeLessThan(0.05);
    const all = nearestCentroidAccuracy(
      Array.from({ length: 9 }, (_, j) => numbers(wide, `x${j + 1}`)),
      texts(wide, 'label'),
    );
    expect(all).toBeGreaterThan(0.75);
  });

  it('makes the segment go with the class', () => {
    const table = generateClassification({ rows: 9000, features: 5, classes: 3, noise: 0, seed: 4 });
    const labels = texts(table, 'label');
    const segments = texts(table, 'segment');
    let own = 0;
    for (let i = 0; i < labels.length; i++) {
      const k = Number((labels[i] as string).slice('class_'.length));
      if (segments[i] === 'ABC'[k % 3]) own++;
    }
    expect(Math.abs(own / labels.length - (0.6 + 0.4 / 3))).toBeLessThan(0.02);
  });

  it('handles many classes in few dimensions, with every class present', () => {
    const table = generateClassification({ rows: 2000, features: 1, classes: 20, noise: 0, imbalance: 0.95 });
    const counts = countValues(texts(table, 'label'));
    expect(counts.size).toBe(20);
    const centres = classCentres(20, 1, 1, createRandom(1));
    expect(new Set(centres).size).toBe(20);
  });

  it('handles a single row', () => {
    const table = generateClassification({ rows: 1, features: 3, classes: 5, missingShare: 0.9 });
    expect(table.rowCount).toBe(1);
    expect(table.columns.every((c) => c.values.length === 1)).toBe(true);
  });

  it('generates 200,000 rows', () => {
    const table = generateClassification({ rows: 200_000, features: 10, classes: 5, missingShare: 0.05 });
    expect(table.rowCount).toBe(200_000);
    expect(table.columns).toHaveLength(11);
    for (const c of table.columns) expect(c.values.length).toBe(200_000);
    expect(countValues(texts(table, 'label')).size).toBe(5);
  });
});
