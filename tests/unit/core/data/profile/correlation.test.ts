import { describe, it, expect } from 'vitest';
import { correlationMatrix, pearson } from '$src/core/data/profile/correlation';
import { profileFrame, MAX_CORRELATION_COLUMNS } from '$src/core/data/profile/index';
import { frameOf, seeded } from './helpers';

const f64 = (values: (number | null)[]): Float64Array => Float64Array.from(values, (v) => (v === null ? NaN : v));

describe('Pearson correlation', () => {
  it('matches numpy on a known example', () => {
    // np.corrcoef([1,2,3,4,5,6], [2,1,4,3,7,8])[0,1]
    expect(pearson(f64([1, 2, 3, 4, 5, 6]), f64([2, 1, 4, 3, 7, 8])).r).toBeCloseTo(0.9014600868406593, 14);
  });

  it('uses only rows where both values are present (pairwise-complete)', () => {
    // numpy on the 5 complete rows: 0.8745121516069407
    const result = pearson(f64([1, 2, null, 4, 5, 6, 7]), f64([2, 1, 4, null, 7, 8, 6]));
    expect(result.n).toBe(5);
    expect(result.r).toBeCloseTo(0.8745121516069407, 14);
  });

  it('is ±1 for exact lines, even far from zero', () => {
    const x = f64([1e12, 1e12 + 1, 1e12 + 2, 1e12 + 3]);
    expect(pearson(x, f64([3, 5, 7, 9])).r).toBeCloseTo(1, 12);
    expect(pearson(x, f64([9, 7, 5, 3])).r).toBeCloseTo(-1, 12);
  });

  it('is undefined for a constant column or fewer than two rows', () => {
    expect(pearson(f64([1, 2, 3]), f64([4, 4, 4])).r).toBeNull();
    expect(pearson(f64([0.1, 0.1, 0.1]), f64([1, 2, 3])).r).toBeNull();
    expect(pearson(f64([1, null]), f64([null, 2])).r).toBeNull();
  });
});

describe('correlation matrix', () => {
  it('agrees with pair-by-pair Pearson, with missing cells in some columns', async () => {
    const random = seeded(3);
    const rows = 10_000;
    const base = Array.from({ length: rows }, () => random());
    const columns = [
      base.map((v) => v * 2 + random() * 0.1),
      base.map((v, i) => (i % 7 === 0 ? null : -v + random())),
      base.map((v, i) => (i % 3 === 0 ? null : v * v + 1e6)),
      base.map(() => random()),
      base.map((_, i) => (i % 2 === 0 ? null : 5)), // constant where present
    ].map(f64);
    const expected = columns.map((a) => columns.map((b) => pearson(a, b)));
    const { values, pairs } = await correlationMatrix(columns.map((c) => ({ values: c.slice(), present: c.filter((v) => !Number.isNaN(v)).length })), rows);
    for (let i = 0; i < columns.length; i++) {
      for (let j = 0; j < columns.length; j++) {
        if (i === j) {
          expect(values[i][i]).toBe(i === 4 ? null : 1);
          continue;
        }
        expect(pairs[i][j]).toBe(expected[i][j].n);
        if (expected[i][j].r === null) expect(values[i][j]).toBeNull();
        else expect(values[i][j]).toBeCloseTo(expected[i][j].r!, 10);
      }
    }
    expect(values[0][1]).toBeLessThan(-0.5);
    expect(pairs[1][2]).toBe(rows - Math.ceil(rows / 7) - Math.ceil(rows / 3) + Math.ceil(rows / 21));
  });

  it('covers number and integer columns of the frame, not dates or text', async () => {
    const profile = await profileFrame(
      frameOf({
        a: { type: 'number', values: [1, 2, 3, 4] },
        s: { type: 'text', values: ['x', 'y', 'x', 'y'] },
        b: { type: 'integer', values: [2, 4, 6, 9] },
        d: { type: 'date', values: [new Date(1), new Date(2), new Date(3), new Date(4)] },
      }),
    );
    expect(profile.correlation?.columns).toEqual(['a', 'b']);
    expect(profile.correlation?.omitted).toEqual([]);
    expect(profile.correlation?.note).toBeNull();
  });

  it('is null with fewer than two numeric columns', async () => {
    const profile = await profileFrame(frameOf({ a: { type: 'number', values: [1, 2] }, s: { type: 'text', values: ['x', 'y'] } }));
    expect(profile.correlation).toBeNull();
  });

  it(`keeps the ${MAX_CORRELATION_COLUMNS} columns with the most values and says so`, async () => {
    const columns: Record<string, { type: 'number'; values: (number | null)[] }> = {};
    const random = seeded(11);
    for (let c = 0; c < 45; c++) {
      // columns c0 … c4 have a missing cell; the others are complete
      columns[`c${c}`] = { type: 'number', values: Array.from({ length: 30 }, (_, i) => (c < 5 && i === 0 ? null : random())) };
    }
    const profile = await profileFrame(frameOf(columns));
    const matrix = profile.correlation!;
    expect(matrix.columns).toHaveLength(40);
    expect(matrix.columns[0]).toBe('c5');
    expect(matrix.omitted).toEqual(['c0', 'c1', 'c2', 'c3', 'c4']);
    expect(matrix.note).toBe('There are 45 numeric columns; correlations are shown for the 40 with the most values, and 5 are left out.');
    expect(profile.columns).toHaveLength(45);
  });
});
