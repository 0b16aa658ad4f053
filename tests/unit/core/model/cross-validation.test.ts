import { describe, expect, it } from 'vitest';
import { createRandom } from '$src/core/random';
import { ModelError } from '$src/core/model/errors';
import { assignFolds, crossValidationFolds } from '$src/core/model/cross-validation';
import type { Task, TrainingData } from '$src/core/model/types';
import { matrix, synthetic } from './training-data';

describe('cross-validation folds', () => {
  /** Train rows whose first input is the row number, so held-out rows can be traced. */
  function traced(task: Task, rows: number, y: (i: number) => number): TrainingData {
    const data = synthetic(task, 1, 1);
    data.train = matrix(Array.from({ length: rows }, (_, i) => [i, -i]), Array.from({ length: rows }, (_, i) => y(i)));
    return data;
  }

  it('deals regression rows into folds whose sizes differ by at most one', () => {
    const fold = assignFolds(new Float32Array(23), 5, createRandom(1), null);
    const sizes = [0, 0, 0, 0, 0];
    for (const f of fold) sizes[f]++;
    expect(sizes.sort()).toEqual([4, 4, 5, 5, 5]);
  });

  it('holds out every train row exactly once and trains on the rest', () => {
    const data = traced('regression', 47, (i) => i * 0.5);
    const folds = crossValidationFolds(data, 4, 11);
    expect(folds).toHaveLength(4);
    const seen = new Array<number>(47).fill(0);
    for (const { train, heldOut, heldOutRows } of folds) {
      expect(heldOut.x.rows).toBe(heldOutRows.length);
      expect(train.x.rows + heldOut.x.rows).toBe(47);
      expect([11, 12]).toContain(heldOut.x.rows);
      for (let r = 0; r < heldOut.x.rows; r++) {
        const id = heldOut.x.values[r * 2];
        expect(id).toBe(heldOutRows[r]);
        expect(heldOut.x.values[r * 2 + 1]).toBe(-id);
        expect(heldOut.y[r]).toBe(id * 0.5);
        seen[id]++;
      }
      const held = new Set(heldOutRows);
      const trained = Array.from({ length: train.x.rows }, (_, r) => train.x.values[r * 2]);
      expect(trained).toEqual(Array.from({ length: 47 }, (_, i) => i).filter((i) => !held.has(i)));
    }
    expect(seen.every((n) => n === 1)).toBe(true);
  });

  it('stratifies by class: each fold has each class’s share within one row', () => {
    // 40 of class 0, 15 of class 1, 8 of class 2.
    const data = traced('classification', 63, (i) => (i < 40 ? 0 : i < 55 ? 1 : 2));
    const folds = crossValidationFolds(data, 5, 3);
    for (const { heldOut } of folds) {
      const counts = [0, 0, 0];
      for (const c of heldOut.y) counts[c]++;
      expect(counts[0]).toBe(8);
      expect(counts[1]).toBe(3);
      expect([1, 2]).toContain(counts[2]);
      expect([12, 13]).toContain(heldOut.x.rows);
    }
  });

  it('is the same for the same seed and differs for another', () => {
    const data = traced('classification', 30, (i) => i % 3);
    const rows = (seed: number) => crossValidationFolds(data, 3, seed).map((f) => Array.from(f.heldOutRows));
    expect(rows(5)).toEqual(rows(5));
    expect(rows(6)).not.toEqual(rows(5));
  });

  it('refuses folds outside 2 … 10 or more folds than rows', () => {
    const data = traced('regression', 6, (i) => i);
    for (const k of [1, 11, 2.5]) expect(() => crossValidationFolds(data, k, 1)).toThrow(ModelError);
    expect(() => crossValidationFolds(data, 1, 1)).toThrow('Cross-validation needs a whole number of folds from 2 to 10; it is 1.');
    expect(() => crossValidationFolds(data, 7, 1)).toThrow('Cross-validation with 7 folds needs at least 7 train rows; there are 6.');
  });

  it('stratifies a class of a million rows (no call takes the rows as arguments)', () => {
    const y = new Float32Array(1_000_000);
    for (let i = 0; i < y.length; i += 4) y[i] = 1;
    const fold = assignFolds(y, 4, createRandom(2), 2);
    const counts = [[0, 0], [0, 0], [0, 0], [0, 0]];
    for (let i = 0; i < y.length; i++) counts[fold[i]][y[i]]++;
    expect(counts).toEqual([[187_500, 62_500], [187_500, 62_500], [187_500, 62_500], [187_500, 62_500]]);
  });
});
