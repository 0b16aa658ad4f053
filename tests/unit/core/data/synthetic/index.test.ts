import { describe, expect, it } from 'vitest';
import {
  defaultSyntheticOptions,
  generateSynthetic,
  SyntheticOptionsError,
  getSyntheticGenerator,
  syntheticGenerators,
  type SyntheticId,
  type SyntheticOptions,
} from '$src/core/data/synthetic';
import { classCounts } from '$src/core/data/synthetic/common';
import { expectSameTable } from './helpers';

const ids: SyntheticId[] = ['classification', 'regression', 'blobs'];

describe('syntheticGenerators', () => {
  it('lists the three generators with labels, targets and option specs', () => {
    expect(syntheticGenerators.map((g) => [g.id, g.label, g.target, g.task])).toEqual([
      ['classification', 'Classification', 'label', 'classification'],
      ['regression', 'Regression', 'y', 'regression'],
      ['blobs', 'Blobs', 'cluster', 'classification'],
    ]);
    for (const g of syntheticGenerators) {
      expect(g.description.length).toBeGreaterThan(20);
      const names = g.options.map((o) => o.name);
      expect(names).toEqual(expect.arrayContaining(['rows', 'features', 'seed', 'noise', 'missingShare']));
      for (const o of g.options) {
        expect(o.min).toBeLessThanOrEqual(o.default);
        expect(o.default).toBeLessThanOrEqual(o.max);
        expect(o.label.length).toBeGreaterThan(0);
      }
    }
    const classificationNames = getSyntheticGenerator('classification').options.map((o) => o.name);
    expect(classificationNames).toEqual(expect.arrayContaining(['classes', 'imbalance']));
    expect(getSyntheticGenerator('blobs').options.map((o) => o.name)).toEqual(
      expect.arrayContaining(['classes', 'imbalance']),
    );
    expect(getSyntheticGenerator('regression').options.map((o) => o.name)).not.toContain('classes');
    const rows = getSyntheticGenerator('regression').options.find((o) => o.name === 'rows');
    expect(rows).toMatchObject({ min: 1, max: 2_000_000, integer: true });
  });

  it('generates each dataset with its defaults through generateSynthetic', () => {
    for (const id of ids) {
      const defaults = defaultSyntheticOptions(id);
      const table = generateSynthetic(id);
      expect(table.rowCount).toBe(defaults.rows);
      expect(table.columns.at(-1)?.info.name).toBe(getSyntheticGenerator(id).target);
      expect(expectSameTable(table, getSyntheticGenerator(id).generate(defaults))).toBe(true);
      expect(table.description.startsWith(`Synthetic ${id}: 1,000 rows`)).toBe(true);
    }
  });

  it('ignores options the generator does not take', () => {
    const a = generateSynthetic('regression', { rows: 50, classes: 7, imbalance: 0.5 });
    const b = generateSynthetic('regression', { rows: 50 });
    expect(expectSameTable(a, b)).toBe(true);
  });

  it('rejects an unknown generator id', () => {
    expect(() => generateSynthetic('moons' as SyntheticId)).toThrow('There is no synthetic dataset called "moons".');
  });

  const invalid: [SyntheticId, SyntheticOptions, string][] = [
    ['classification', { rows: 0 }, 'Rows must be a whole number between 1 and 2,000,000.'],
    ['regression', { rows: 2_000_001 }, 'Rows must be a whole number between 1 and 2,000,000.'],
    ['blobs', { rows: 10.5 }, 'Rows must be a whole number between 1 and 2,000,000.'],
    ['blobs', { rows: Number.NaN }, 'Rows must be a whole number between 1 and 2,000,000.'],
    ['classification', { features: 0 }, 'Features must be a whole number between 1 and 100.'],
    ['regression', { features: 101 }, 'Features must be a whole number between 1 and 100.'],
    ['classification', { classes: 1 }, 'Classes must be a whole number between 2 and 20.'],
    ['classification', { classes: 21 }, 'Classes must be a whole number between 2 and 20.'],
    ['blobs', { classes: 1 }, 'Clusters must be a whole number between 2 and 20.'],
    ['classification', { noise: 0.6 }, 'Noise must be a number between 0 and 0.5.'],
    ['classification', { noise: -0.1 }, 'Noise must be a number between 0 and 0.5.'],
    ['regression', { noise: -1 }, 'Noise must be a number between 0 and 100.'],
    ['blobs', { noise: Number.POSITIVE_INFINITY }, 'Noise must be a number between 0 and 10.'],
    ['regression', { missingShare: 0.95 }, 'Missing share must be a number between 0 and 0.9.'],
    ['blobs', { missingShare: -0.01 }, 'Missing share must be a number between 0 and 0.9.'],
    ['classification', { imbalance: 0.96 }, 'Imbalance must be a number between 0 and 0.95.'],
    ['blobs', { imbalance: -0.5 }, 'Imbalance must be a number between 0 and 0.95.'],
    ['classification', { seed: -1 }, 'Seed must be a whole number between 0 and 4,294,967,295.'],
    ['regression', { seed: 1.5 }, 'Seed must be a whole number between 0 and 4,294,967,295.'],
    ['blobs', { seed: 2 ** 32 }, 'Seed must be a whole number between 0 and 4,294,967,295.'],
    ['regression', { rows: '100' as unknown as number }, 'Rows must be a whole number between 1 and 2,000,000.'],
    ['blobs', { rowz: 5 } as unknown as SyntheticOptions, 'Unknown option "rowz".'],
  ];
  it.each(invalid)('%s with %o throws "%s"', (id, options, message) => {
    expect(() => generateSynthetic(id, options)).toThrow(new SyntheticOptionsError(message));
  });

  it('accepts the extremes of every range', () => {
    expect(generateSynthetic('classification', { rows: 1, features: 1, classes: 2, noise: 0.5, imbalance: 0.95, missingShare: 0.9, seed: 0 }).rowCount).toBe(1);
    expect(generateSynthetic('regression', { rows: 3, features: 100, noise: 100, missingShare: 0.9, seed: 4_294_967_295 }).columns).toHaveLength(101);
    expect(generateSynthetic('blobs', { rows: 20, features: 1, classes: 20, noise: 10, imbalance: 0.95 }).rowCount).toBe(20);
  });
});

describe('classCounts', () => {
  it('adds up to the rows and follows (1 − imbalance)^k', () => {
    expect(classCounts(10, 3, 0)).toEqual([4, 3, 3]);
    expect(classCounts(9, 3, 0)).toEqual([3, 3, 3]);
    expect(classCounts(700, 3, 0.5)).toEqual([400, 200, 100]);
    expect(classCounts(1000, 3, 0.9)).toEqual([901, 90, 9]);
    for (const [rows, classes, imbalance] of [
      [1, 5, 0.3],
      [17, 4, 0.95],
      [12345, 20, 0.7],
    ] as const) {
      const counts = classCounts(rows, classes, imbalance);
      expect(counts.reduce((a, b) => a + b, 0)).toBe(rows);
      for (let k = 1; k < classes; k++) expect(counts[k]).toBeLessThanOrEqual(counts[k - 1]);
    }
  });

  it('gives every class a row when there are enough rows', () => {
    const counts = classCounts(100, 20, 0.95);
    expect(counts.every((c) => c >= 1)).toBe(true);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(100);
  });
});

describe('size cap', () => {
  it('refuses more feature cells than a tab can hold, saying how to stay under the cap', () => {
    expect(() => generateSynthetic('regression', { rows: 2_000_000, features: 100 })).toThrow(
      'Rows × features must be at most 20,000,000 cells (asked for 200,000,000). Use fewer rows or fewer features.',
    );
  });
});
