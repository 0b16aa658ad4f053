import { describe, expect, it } from 'vitest';
import { binMatrix, fitBinEdges, FLOAT32_MAX } from '$src/core/model/trees/binning';
import { leafOf } from '$src/core/model/trees/ensemble';
import { createGrowScratch, growTree, type GrowSettings } from '$src/core/model/trees/grow';
import { createRandom } from '$src/core/random';

const SETTINGS: GrowSettings = { maxLeaves: 31, maxDepth: Infinity, minSamplesLeaf: 1, l2: 0, shrinkage: 1 };

/** Grows one tree on rows × width values (row-major) with the given gradients and unit hessians. */
function grow(values: number[], width: number, gradients: number[], settings: Partial<GrowSettings> = {}) {
  const rows = gradients.length;
  const x = { rows, width, values: Float32Array.from(values) };
  const binned = binMatrix(x, fitBinEdges(x));
  const g = Float64Array.from(gradients);
  const h = new Float64Array(rows).fill(1);
  const grown = growTree(binned, g, h, true, { ...SETTINGS, ...settings }, createGrowScratch(rows));
  const leafFor = (row: number[]) => leafOf(grown.tree, (j) => Math.fround(row[j]));
  return { grown, tree: grown.tree, leafFor };
}

const leaves = (feature: Int32Array) => Array.from(feature).filter((f) => f < 0).length;

describe('growTree', () => {
  it('splits where the gradients change, between the two values, with leaf values −G / H', () => {
    const x = Array.from({ length: 100 }, (_, i) => i);
    const g = x.map((v) => (v < 40 ? -1 : 2));
    const { tree } = grow(x, 1, g, { maxLeaves: 2, shrinkage: 0.5 });
    expect(Array.from(tree.feature)).toEqual([0, -1, -1]);
    expect(tree.threshold[0]).toBe(39.5);
    expect(tree.value[1]).toBe(0.5);
    expect(tree.value[2]).toBe(-1);
    expect(Array.from(tree.samples)).toEqual([100, 40, 60]);
  });

  it('picks the informative column, and none when no split gains', () => {
    const random = createRandom(2);
    const values: number[] = [];
    const g: number[] = [];
    for (let i = 0; i < 200; i++) {
      const noise = random.next();
      const signal = random.next();
      values.push(noise, signal);
      g.push(signal > 0.7 ? 1 : -1);
    }
    expect(grow(values, 2, g, { maxLeaves: 2 }).tree.feature[0]).toBe(1);
    const flat = grow(values, 2, g.map(() => 1));
    expect(Array.from(flat.tree.feature)).toEqual([-1]);
    expect(flat.tree.value[0]).toBe(-1);
  });

  it('learns where missing values go: the side whose gradients they share', () => {
    for (const missingLike of [-1, 1]) {
      const values: number[] = [];
      const g: number[] = [];
      for (let i = 0; i < 60; i++) {
        values.push(i);
        g.push(i < 30 ? -1 : 1);
      }
      for (let i = 0; i < 20; i++) {
        values.push(NaN);
        g.push(missingLike);
      }
      const { tree, leafFor } = grow(values, 1, g, { maxLeaves: 2 });
      expect(tree.threshold[0]).toBe(29.5);
      expect(tree.missingLeft[0]).toBe(missingLike < 0 ? 1 : 0);
      expect(leafFor([NaN])).toBe(missingLike < 0 ? tree.left[0] : tree.right[0]);
      expect(tree.samples[tree.left[0]]).toBe(missingLike < 0 ? 50 : 30);
    }
  });

  it('can split the missing values from all others', () => {
    const values = [...Array.from({ length: 40 }, (_, i) => i % 3), NaN, NaN, NaN, NaN, NaN];
    const g = values.map((v) => (Number.isNaN(v) ? 5 : -1));
    const { tree, leafFor } = grow(values, 1, g, { maxLeaves: 2 });
    expect(tree.threshold[0]).toBe(FLOAT32_MAX);
    expect(tree.missingLeft[0]).toBe(0);
    expect(tree.samples[tree.right[0]]).toBe(5);
    expect(leafFor([1e30])).toBe(tree.left[0]);
  });

  it('sends missing values to the larger child when the node had none', () => {
    const x = Array.from({ length: 50 }, (_, i) => i);
    const { tree, leafFor } = grow(x, 1, x.map((v) => (v < 15 ? -1 : 1)), { maxLeaves: 2 });
    expect(tree.missingLeft[0]).toBe(0);
    expect(leafFor([NaN])).toBe(tree.right[0]);
  });

  it('respects min samples per leaf, max leaves and max depth', () => {
    const random = createRandom(5);
    const values = Array.from({ length: 3000 }, () => random.next());
    const g = Array.from({ length: 1000 }, (_, i) => Math.sin(values[3 * i] * 20) + values[3 * i + 1] - random.next());
    const limited = grow(values, 3, g, { minSamplesLeaf: 37 });
    expect(leaves(limited.tree.feature)).toBeGreaterThan(10);
    expect(leaves(grow(values, 3, g, { minSamplesLeaf: 5 }).tree.feature)).toBe(31);
    for (let i = 0; i < limited.tree.feature.length; i++) {
      if (limited.tree.feature[i] < 0) expect(limited.tree.samples[i]).toBeGreaterThanOrEqual(37);
    }
    const shallow = grow(values, 3, g, { maxDepth: 2, maxLeaves: 50 });
    expect(leaves(shallow.tree.feature)).toBe(4);
    const few = grow(values, 3, g, { maxLeaves: 5 });
    expect(leaves(few.tree.feature)).toBe(5);
  });

  it('grows best-first: the split that gains most comes first', () => {
    // Two groups: a large gradient step inside x < 50 and a small one inside x >= 50.
    const x = Array.from({ length: 100 }, (_, i) => i);
    const g = x.map((v) => (v < 25 ? -10 : v < 50 ? 10 : v < 75 ? -1 : 1));
    const { tree } = grow(x, 1, g, { maxLeaves: 3 });
    // Root at 24.5 or 49.5 … whichever, then the large step must be split before the small one.
    const thresholds = Array.from(tree.threshold).filter((_, i) => tree.feature[i] >= 0).sort((a, b) => a - b);
    expect(thresholds).toContain(24.5);
    expect(thresholds).not.toContain(74.5);
  });

  it('leaves each node a contiguous range of rows, the leaves partitioning all rows', () => {
    const random = createRandom(9);
    const values = Array.from({ length: 1000 }, () => (random.next() < 0.2 ? NaN : random.normal(0, 1)));
    const g = values.map((v) => (Number.isNaN(v) ? 0.3 : Math.tanh(v)) + random.normal(0, 0.1));
    const { grown, leafFor } = grow(values, 1, g, { minSamplesLeaf: 5 });
    const scratch = createGrowScratch(1000);
    const x = { rows: 1000, width: 1, values: Float32Array.from(values) };
    const again = growTree(binMatrix(x, fitBinEdges(x)), Float64Array.from(g), new Float64Array(1000).fill(1), true, { ...SETTINGS, minSamplesLeaf: 5 }, scratch);
    let covered = 0;
    for (let node = 0; node < again.tree.feature.length; node++) {
      if (again.tree.feature[node] >= 0) continue;
      for (let i = again.start[node]; i < again.end[node]; i++) {
        expect(leafFor([values[scratch.rows[i]]])).toBe(node);
        covered++;
      }
    }
    expect(covered).toBe(1000);
    expect(Array.from(again.tree.value)).toEqual(Array.from(grown.tree.value));
  });

  it('grows the same trees with one scratch reused across trees and matrices as with a fresh one each time', () => {
    const random = createRandom(5);
    const make = (rows: number) => {
      const x = { rows, width: 3, values: Float32Array.from({ length: rows * 3 }, () => (random.next() < 0.1 ? NaN : random.normal(0, 1))) };
      return binMatrix(x, fitBinEdges(x));
    };
    const matrices = [make(400), make(400)];
    const shared = createGrowScratch(400);
    const settings = { ...SETTINGS, minSamplesLeaf: 10, maxLeaves: 8 };
    for (const binned of [matrices[0], matrices[0], matrices[1], matrices[0]]) {
      const g = Float64Array.from({ length: 400 }, () => random.normal(0, 1));
      const h = Float64Array.from({ length: 400 }, () => 0.1 + random.next());
      for (const constant of [false, true]) {
        const reused = growTree(binned, g, h, constant, settings, shared);
        const fresh = growTree(binned, g, h, constant, settings, createGrowScratch(400));
        expect(Array.from(reused.tree.threshold)).toEqual(Array.from(fresh.tree.threshold));
        expect(Array.from(reused.tree.value)).toEqual(Array.from(fresh.tree.value));
        expect(Array.from(reused.tree.samples)).toEqual(Array.from(fresh.tree.samples));
      }
    }
  });
});

